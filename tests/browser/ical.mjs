// Parses calendar feeds with ical.js (a real RFC 5545 parser) and prints
// their events as JSON: [{file, name, events: [{uid, summary, start, end,
// allDay}]}]. Usage: node ical.mjs FILE...
import ICAL from 'ical.js';
import { readFileSync } from 'node:fs';

const out = [];
for (const file of process.argv.slice(2)) {
  const component = new ICAL.Component(ICAL.parse(readFileSync(file, 'utf8')));
  out.push({
    file,
    name: component.getFirstPropertyValue('x-wr-calname'),
    prodids: component.getAllProperties('prodid').length,
    events: component.getAllSubcomponents('vevent').map((v) => {
      const e = new ICAL.Event(v);
      return {
        uid: e.uid,
        summary: e.summary,
        description: e.description,
        start: e.startDate.toString(),
        end: e.endDate.toString(),
        allDay: e.startDate.isDate,
      };
    }),
  });
}
console.log(JSON.stringify(out));
