//! The allocator's settings: how soon memory a build frees goes back to
//! the system, for a one-off `build` and for the commands that keep
//! running. The allocator itself, mimalloc, is declared in `main.rs`;
//! these set its process-wide options (elsewhere, as in the tests'
//! processes, they set options of an allocator that is not used).

// Linked in wherever this module is, as in the tests' processes, which
// keep the system's allocator.
extern crate mimalloc as _;

/// mimalloc's `mi_option_purge_delay` (its place in `mi_option_t`, the
/// same in mimalloc 2 and 3; a test checks its default).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

extern "C" {
    // Part of mimalloc, linked in with the allocator.
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
    fn mi_collect(force: bool);
    #[cfg(test)]
    fn mi_option_get(option: std::ffi::c_int) -> std::ffi::c_long;
}

/// For `watch` and `serve`, which build again after every save: memory a
/// build frees is kept for the next one instead of being given back to
/// the system, which would have to clear it again when the next build
/// asks for it (a tenth of a rebuild's time at 10,000 goals). The
/// process keeps the most memory one build used.
pub fn keep_freed_memory() {
    // SAFETY: sets one of mimalloc's options, which it reads atomically.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

/// For a one-off `build`: memory the build frees is given back to the
/// system a tenth of a second later rather than mimalloc's second, so its
/// peak is what it holds, not also what it let go of in the last second.
/// At 100,000 goals the peak is then 1,027,000–1,029,000 KiB in every
/// build (1,035,000–1,186,000 KiB otherwise), in the same time within the
/// noise.
pub fn give_freed_memory_back_soon() {
    // SAFETY: as above.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, 100) }
}

/// For a one-off `build`, once the report has let go of the practices'
/// logs (after `scorecard.csv`): what the build freed goes back to the
/// system now, and what the pages free from then on is kept for the
/// pages that follow. Given back a tenth of a second later, it was
/// cleared again by the system as the next pages asked for it: at
/// 100,000 goals a third of the build's page faults, and about a second
/// of system time. The peak stays where reading and analysing put it.
pub(crate) fn give_back_now_then_keep() {
    // SAFETY: mimalloc's own collection of the calling thread's heap and
    // of the memory waiting to be given back; then one of its options.
    unsafe {
        mi_collect(true);
        mi_option_set(MI_OPTION_PURGE_DELAY, -1);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_purge_delay_is_the_option_set() {
        // SAFETY: reads one of mimalloc's options.
        let delay = unsafe { super::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
        // mimalloc 3's default (10 in mimalloc 2), unless the environment sets it.
        let expected = std::env::var("MIMALLOC_PURGE_DELAY")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1000);
        assert_eq!(delay, expected);
        super::give_freed_memory_back_soon();
        // SAFETY: as above.
        assert_eq!(
            unsafe { super::mi_option_get(super::MI_OPTION_PURGE_DELAY) },
            100
        );
        super::keep_freed_memory();
        // SAFETY: as above.
        assert_eq!(
            unsafe { super::mi_option_get(super::MI_OPTION_PURGE_DELAY) },
            -1
        );
        super::give_freed_memory_back_soon();
        super::give_back_now_then_keep();
        // SAFETY: as above.
        assert_eq!(
            unsafe { super::mi_option_get(super::MI_OPTION_PURGE_DELAY) },
            -1
        );
    }
}
