// Settings for the C allocator (glibc's malloc) of the server process, given to it through its environment
// by whoever starts it (`npm start`, the benchmarks, the reliability suite): glibc reads them once, when the
// process starts, and Node offers no way to change them later.
//
// Why: Node allocates the bytes of Buffers (uploads, inflated zip parts, decoded PDF streams) with malloc. Once
// a buffer between 128 KB and 32 MB is freed, glibc raises its thresholds so that later ones come from its
// heaps and up to twice that size is kept when freed rather than returned; each thread that allocates may also
// get its own arena of up to 64 MB. The embedded server then kept what its busiest request had used: in the
// hostile-files test it crept from 305-328 MB at rest to 502 MB, with its JavaScript heaps at about 150 MB
// throughout. With these three settings the same test peaked at 436 MB and fell back after each file.
// Ignored where the C library is not glibc (musl on Alpine, macOS).

/** The environment variables to add to the server process's environment. */
export const allocatorEnvironment: Readonly<Record<string, string>> = {
  // Two arenas for the whole process instead of up to 16 on two cores: freed memory is found again.
  MALLOC_ARENA_MAX: "2",
  // Fixed thresholds (setting them turns the raising off): allocations of 128 KB or more are their own
  // mappings, returned to the system when freed, and free memory above 128 KB at a heap's end is given back.
  MALLOC_MMAP_THRESHOLD_: "131072",
  MALLOC_TRIM_THRESHOLD_: "131072",
};
