#include <stddef.h>
#include <stdint.h>

// libFuzzer's entry point for programs with their own main (LLVM 12 and later). SwiftPM links
// executables with `main` aliased to `<module>_main`, which a -parse-as-library target defines
// itself and which hands over to libFuzzer here.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
