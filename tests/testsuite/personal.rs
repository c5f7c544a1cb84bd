//! Personal folders (FORMAT §11): a teacher's own goals, outside the
//! shared repository, read with it only where private goals are asked
//! for, marked on every line, and never written into the shared
//! repository, its output folder or its history.

use crate::live_edits::{field, Served};
use crate::prelude::*;
use crate::support::{require_git, PATIENCE};
use std::time::Instant;

const READ_ALOUD: &str = "---\nkind: practice\ntitle: Read aloud to my class\nowner: marsh\n\
    serves: grade-level-80\ncadence: weekdays\nstart: 2026-11-02\n\
    log:\n  2026-11-18: yes\n  2026-11-19: yes\n---\nJust for me.\n";

/// A school repository (committed, so `git status` can show it is left
/// alone) and a teacher's personal folder beside it.
fn school_and_mine() -> (Repo, Repo) {
    require_git();
    let school = Repo::empty();
    school
        .write(
            "goalpost.yml",
            "title: Lincoln\ntoday: 2026-11-20\npeople:\n  reyes: {name: Dana Reyes}\n  \
             marsh: {name: Ana Marsh}\n",
        )
        .write(
            "goals/every-reader.md",
            "---\nkind: purpose\ntitle: Every child reads\nowner: reyes\n---\n",
        )
        .write(
            "goals/grade-level-80.md",
            "---\nkind: progress\ntitle: Grade level 80\nowner: reyes\npurpose: every-reader\n\
             baseline: 60\ntarget: 80\nstart: 2026-09-01\ndue: 2027-05-28\n\
             measurements:\n  2026-10-01: 64\n---\n",
        )
        .write(
            "goals/classroom-visits.md",
            "---\nkind: practice\ntitle: Classroom visits\nowner: reyes\nserves: grade-level-80\n\
             start: 2026-11-02\nlog:\n  2026-11-19: 1\n---\n",
        )
        .write(".gitignore", "site/\n");
    school.git_init();
    school.git(&["add", "-A"]);
    school.commit("Dana Reyes <reyes@example.org>", "2026-11-01T08:00:00");
    let mine = Repo::empty();
    mine.write("read-aloud.md", READ_ALOUD);
    (school, mine)
}

fn path(repo: &Repo) -> &str {
    repo.path().to_str().expect("a UTF-8 temp path")
}

fn clean(school: &Repo) {
    assert_eq!(
        school.git(&["status", "--porcelain"]),
        "",
        "the shared repository is untouched"
    );
}

#[test]
fn a_private_build_shows_personal_goals_marked_and_writes_outside_the_repository() {
    let (school, mine) = school_and_mine();
    school
        .cmd(&["build", "--include-private", "--personal", path(&mine)])
        .assert()
        .code(0);
    let page = mine.read("site/goals/read-aloud.html");
    assert!(page.contains("Read aloud to my class"));
    assert!(page.contains("Personal — only on this computer"));
    // It serves the school goal, which lists it, marked.
    let school_goal = mine.read("site/goals/grade-level-80.html");
    let at = school_goal.find("Read aloud to my class").expect("listed");
    assert!(school_goal[at..].starts_with(
        "Read aloud to my class</a> <span class=\"kind-tag private\">Personal — only on this computer</span>"
    ));
    let json: serde_json::Value = serde_json::from_str(&mine.read("site/goals.json")).unwrap();
    let goals = json["goals"].as_array().unwrap();
    let personal = |id: &str| {
        goals
            .iter()
            .find(|g| g["id"] == id)
            .map(|g| g["personal"].clone())
    };
    assert_eq!(personal("read-aloud"), Some(serde_json::Value::Bool(true)));
    // Shared goals carry no `personal` key.
    assert_eq!(personal("grade-level-80"), Some(serde_json::Value::Null));
    // Nothing was written into the shared repository.
    assert!(!school.join("site").exists());
    clean(&school);
}

#[test]
fn a_public_build_never_reads_the_personal_folder() {
    let (school, mine) = school_and_mine();
    school
        .cmd(&["build", "--personal", path(&mine)])
        .assert()
        .code(0);
    for (file, bytes) in school.snapshot() {
        if file.starts_with("site") {
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                !text.contains("Read aloud") && !text.contains("read-aloud"),
                "{file:?}"
            );
        }
    }
    // Control: the school's own practice is there.
    assert!(school
        .read("site/goals/grade-level-80.html")
        .contains("Classroom visits"));
    assert!(!mine.join("site").exists());
}

#[test]
fn the_personal_folder_comes_from_the_users_own_settings() {
    let (school, mine) = school_and_mine();
    let config = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(config.path().join("goalpost")).unwrap();
    std::fs::write(
        config.path().join("goalpost/config.yml"),
        format!("# mine\npersonal: {}\n", path(&mine)),
    )
    .unwrap();
    let today = |extra: &[&str]| {
        let mut args = vec!["today"];
        args.extend_from_slice(extra);
        let out = school
            .cmd(&args)
            .env("XDG_CONFIG_HOME", config.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let shown = today(&["--include-private"]);
    assert!(shown.contains("read-aloud"), "{shown}");
    assert!(
        shown.contains("Read aloud to my class · Personal — only on this computer"),
        "marked: {shown}"
    );
    assert!(shown.contains("classroom-visits"), "{shown}");
    // Without private goals asked for, today shows only shared goals.
    let public = today(&[]);
    assert!(!public.contains("read-aloud"), "{public}");
    assert!(public.contains("classroom-visits"), "{public}");
    // `~/` in the settings file is the home folder.
    let home = tempfile::tempdir().unwrap();
    let inside = home.path().join("my-goals");
    std::fs::create_dir_all(&inside).unwrap();
    std::fs::write(inside.join("read-aloud.md"), READ_ALOUD).unwrap();
    std::fs::write(
        config.path().join("goalpost/config.yml"),
        "personal: ~/my-goals\n",
    )
    .unwrap();
    let out = school
        .cmd(&["today", "--include-private"])
        .env("XDG_CONFIG_HOME", config.path())
        .env("HOME", home.path())
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("read-aloud"),
        "{out:?}"
    );
    clean(&school);
}

#[test]
fn log_writes_a_personal_goal_in_its_own_folder_and_commits_there() {
    let (school, mine) = school_and_mine();
    mine.git_init();
    mine.git(&["add", "-A"]);
    mine.commit("Ana Marsh <marsh@example.org>", "2026-11-02T08:00:00");
    let head = school.head();
    let out = school
        .cmd(&["log", "read-aloud", "--personal", path(&mine), "--commit"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("in ~personal/read-aloud.md:11"), "{said}");
    assert!(mine
        .read("read-aloud.md")
        .contains("  2026-11-19: yes\n  2026-11-20: ✓\n---\n"));
    assert!(mine
        .git(&["log", "--format=%s", "-1"])
        .contains("log: read-aloud"));
    assert_eq!(mine.git(&["status", "--porcelain"]), "");
    assert_eq!(school.head(), head, "no commit in the shared repository");
    clean(&school);
}

/// `goalpost feedback` on a personal goal writes and commits in the
/// personal folder, as `log` does; the shared repository is untouched.
#[test]
fn feedback_on_a_personal_goal_lands_in_its_own_folder() {
    let (school, mine) = school_and_mine();
    mine.git_init();
    mine.git(&["add", "-A"]);
    mine.commit("Ana Marsh <marsh@example.org>", "2026-11-02T08:00:00");
    let head = school.head();
    let out = school
        .cmd(&[
            "feedback",
            "read-aloud",
            "--from",
            "reyes",
            "--note",
            "Try one open question first",
            "--personal",
            path(&mine),
            "--commit",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = mine.read("read-aloud.md");
    assert!(
        text.contains("feedback:") && text.contains("Try one open question first"),
        "{text}"
    );
    assert!(mine
        .git(&["log", "--format=%s", "-1"])
        .contains("feedback: read-aloud from reyes"));
    assert_eq!(mine.git(&["status", "--porcelain"]), "");
    assert_eq!(school.head(), head, "no commit in the shared repository");
    clean(&school);
}

#[test]
fn what_would_let_a_personal_goal_into_the_shared_repository_is_refused() {
    let (school, mine) = school_and_mine();
    // The folder inside the shared repository.
    school.write("mine/read-aloud.md", READ_ALOUD);
    let inside = school.join("mine");
    let out = school
        .cmd(&["check", "--personal", inside.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is inside the shared repository"));
    std::fs::remove_dir_all(&inside).unwrap();
    // A report with personal goals, written inside the shared repository.
    let out = school
        .cmd(&[
            "build",
            "--include-private",
            "--personal",
            path(&mine),
            "--out",
            "site",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("inside the shared repository"),
        "{out:?}"
    );
    assert!(!school.join("site").exists());
    // `visibility: shared` in a personal goal.
    mine.write(
        "read-aloud.md",
        READ_ALOUD.replace("owner: marsh\n", "owner: marsh\nvisibility: shared\n"),
    );
    let out = school
        .cmd(&["check", "--personal", path(&mine)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("error[shared-personal-goal]: ~personal/read-aloud.md:5:13"),
        "{stderr}"
    );
    // A shared goal may not depend on a personal one.
    mine.write("read-aloud.md", READ_ALOUD);
    mine.write(
        "my-fluency.md",
        "---\nkind: progress\ntitle: My fluency\nowner: marsh\nbaseline: 1\ntarget: 2\n---\n",
    );
    school.write(
        "goals/classroom-visits.md",
        "---\nkind: practice\ntitle: Classroom visits\nowner: reyes\nserves: [grade-level-80, my-fluency]\n\
         start: 2026-11-02\n---\n",
    );
    let out = school
        .cmd(&["check", "--personal", path(&mine)])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("error[personal-reference]: goals/classroom-visits.md:5:26"),
        "{stderr}"
    );
}

/// `serve --include-private --allow-edits` with a personal folder: the
/// personal practice gets a check-in form, a click writes the entry into
/// the personal folder, and the page comes back showing it (the personal
/// folder is watched too).
#[test]
fn a_check_in_on_a_personal_goal_lands_in_the_personal_folder() {
    let (school, mine) = school_and_mine();
    let served = Served::start(
        &school,
        &[
            "--include-private",
            "--allow-edits",
            "--personal",
            path(&mine),
        ],
    );
    let page = served.get("/people/marsh.html");
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("id=\"check-in-read-aloud\""),
        "{}",
        page.body
    );
    assert!(page.body.contains("Personal — only on this computer"));
    let token = field(&page.body, "token");
    let reply = served.post(
        &format!(
            "token={token}&id=read-aloud&date=2026-11-20&back=%2Fpeople%2Fmarsh.html&action=done"
        ),
        &[],
    );
    assert_eq!(reply.status, 303, "{}", reply.body);
    assert!(mine.read("read-aloud.md").contains("  2026-11-20: ✓\n"));
    // The rebuild that follows shows it.
    let started = Instant::now();
    loop {
        let page = served.get("/goals/read-aloud.html");
        if page.body.contains("Today: ✓") || page.body.contains("Today: done") {
            break;
        }
        assert!(
            started.elapsed() < PATIENCE,
            "never shown: {}",
            served.stderr()
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(!school.join("site").exists());
    clean(&school);
}

/// `check` reads a personal folder only when `--personal` names it: the
/// shared repository's check (a pre-commit hook, CI) never fails on a
/// mistake in someone's own folder set in their settings file.
#[test]
fn check_reads_the_personal_folder_only_when_named() {
    let (school, mine) = school_and_mine();
    mine.write("broken.md", "---\nkind: practice\ntitle: [unclosed\n---\n");
    let config = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(config.path().join("goalpost")).unwrap();
    std::fs::write(
        config.path().join("goalpost/config.yml"),
        format!("personal: {}\n", path(&mine)),
    )
    .unwrap();
    school
        .cmd(&["check"])
        .env("XDG_CONFIG_HOME", config.path())
        .assert()
        .code(0);
    let named = school
        .cmd(&["check", "--personal", path(&mine)])
        .output()
        .unwrap();
    assert_eq!(named.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&named.stderr).contains("~personal/broken.md:3:"));
}

/// A teacher's own progress goal, fed by her class's export.
const MY_READERS: &str = "---\nkind: progress\ntitle: My readers at level\nowner: marsh\n\
    serves: grade-level-80\nbaseline: 40\ntarget: 70\nstart: 2026-09-01\ndue: 2027-05-28\n\
    measurements:\n  2026-09-15: 40\n---\n";

const IMPORT_MAP: &str = "date: Date\nvalue: Percent\ngoal: {column: Goal}\n";

#[test]
fn import_writes_a_personal_goal_only_when_personal_names_the_folder() {
    let (school, mine) = school_and_mine();
    mine.write("my-readers.md", MY_READERS);
    mine.git_init();
    mine.git(&["add", "-A"]);
    mine.commit("Ana Marsh <marsh@example.org>", "2026-11-01T08:00:00");
    let before = mine.head();
    let out = Repo::empty();
    out.write("class.csv", "Goal,Date,Percent\nmy-readers,2026-11-16,52\n")
        .write("map.yml", IMPORT_MAP)
        // The teacher's settings name her folder; a data office's import
        // never reads it from there.
        .write(
            "config/goalpost/config.yml",
            format!("personal: {}\n", path(&mine)),
        );
    let csv = out.join("class.csv");
    let map = out.join("map.yml");
    let (csv, map) = (csv.to_str().unwrap(), map.to_str().unwrap());
    school
        .cmd(&["import", csv, "--map", map])
        .env("XDG_CONFIG_HOME", out.join("config"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no goal has the id `my-readers`"));
    assert_eq!(mine.read("my-readers.md"), MY_READERS);
    school
        .cmd(&[
            "import",
            csv,
            "--map",
            map,
            "--personal",
            path(&mine),
            "--commit",
        ])
        .assert()
        .code(0)
        .stdout(predicates::str::contains(
            "recorded 1 measurement in 1 file",
        ));
    assert_eq!(
        mine.read("my-readers.md"),
        MY_READERS.replace("  2026-09-15: 40\n", "  2026-09-15: 40\n  2026-11-16: 52\n")
    );
    // Committed in her own repository, the shared one untouched.
    assert_ne!(mine.head(), before);
    assert_eq!(mine.git(&["status", "--porcelain"]), "");
    assert!(mine
        .git(&["log", "-1", "--format=%s"])
        .starts_with("import: 1 measurement from class.csv"));
    clean(&school);
}

#[test]
fn an_import_that_feeds_shared_and_personal_goals_writes_nothing() {
    let (school, mine) = school_and_mine();
    mine.write("my-readers.md", MY_READERS);
    let out = Repo::empty();
    out.write(
        "both.csv",
        "Goal,Date,Percent\nmy-readers,2026-11-16,52\ngrade-level-80,2026-11-16,66\n",
    )
    .write("map.yml", IMPORT_MAP);
    let (csv, map) = (out.join("both.csv"), out.join("map.yml"));
    let before = (school.snapshot(), mine.snapshot());
    school
        .cmd(&[
            "import",
            csv.to_str().unwrap(),
            "--map",
            map.to_str().unwrap(),
            "--personal",
            path(&mine),
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "feeds goals in the shared repository (`goals/grade-level-80.md`) and in your personal folder (`~personal/my-readers.md`)",
        ));
    assert_eq!((school.snapshot(), mine.snapshot()), before);
}
