//! The allocator's settings for `build` and for the commands that keep
//! running (the allocator itself is declared in `main.rs`).

/// mimalloc's `mi_option_purge_delay` (its place in `mi_option_t`, the
/// same in mimalloc 2 and 3; a test checks its default).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

extern "C" {
    // Part of mimalloc, linked in with the allocator.
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
    #[cfg(test)]
    fn mi_option_get(option: std::ffi::c_int) -> std::ffi::c_long;
}

/// For `watch` and `serve`, which build again after every save: memory a
/// build frees is kept for the next one instead of being given back to
/// the system, which would have to clear it again when the next build
/// asks for it (a tenth of a rebuild's time at 10,000 goals). The
/// process keeps the most memory one build used.
pub(crate) fn keep_freed_memory() {
    // SAFETY: sets one of mimalloc's options, which it reads atomically.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

/// For a one-off `build`: memory the build frees is given back to the
/// system a tenth of a second later rather than mimalloc's second, so its
/// peak is what it holds, not also what it let go of in the last second.
/// At 100,000 goals the peak is then 1,027,000–1,029,000 KiB in every
/// build (1,035,000–1,186,000 KiB otherwise), in the same time within the
/// noise.
pub(crate) fn give_freed_memory_back_soon() {
    // SAFETY: as above.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, 100) }
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
    }
}
