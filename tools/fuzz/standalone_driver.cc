// Runs a libFuzzer entry point without libFuzzer: every file named on the command line (or every
// file in a named directory), then a fixed number of inputs from a seeded generator. Used by the
// `_test` half of cc_fuzz_test so that fuzz targets run in every `bazel test //...`.
//
// Environment: FUZZ_RANDOM_INPUTS (default 2000), FUZZ_SEED (default 1), FUZZ_MAX_LEN (default
// 512).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);

namespace {

long EnvOr(const char* name, long fallback) {
  const char* value = std::getenv(name);
  return value != nullptr ? std::strtol(value, nullptr, 10) : fallback;
}

void RunFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
}

}  // namespace

int main(int argc, char** argv) {
  if (LLVMFuzzerInitialize != nullptr) LLVMFuzzerInitialize(&argc, &argv);
  long files = 0;
  for (int i = 1; i < argc; ++i) {
    std::filesystem::path path(argv[i]);
    if (std::filesystem::is_directory(path)) {
      for (const auto& entry : std::filesystem::recursive_directory_iterator(path)) {
        if (entry.is_regular_file()) {
          RunFile(entry.path());
          ++files;
        }
      }
    } else {
      RunFile(path);
      ++files;
    }
  }
  const long random_inputs = EnvOr("FUZZ_RANDOM_INPUTS", 2000);
  const long max_len = EnvOr("FUZZ_MAX_LEN", 512);
  std::mt19937_64 rng(static_cast<uint64_t>(EnvOr("FUZZ_SEED", 1)));
  std::vector<uint8_t> buffer;
  for (long i = 0; i < random_inputs; ++i) {
    buffer.resize(rng() % static_cast<uint64_t>(max_len + 1));
    // Small alphabets find structure (varint continuations, keywords) more often than uniform
    // bytes.
    const uint64_t alphabet = (i % 3 == 0) ? 4 : 256;
    for (uint8_t& byte : buffer) byte = static_cast<uint8_t>(rng() % alphabet);
    LLVMFuzzerTestOneInput(buffer.data(), buffer.size());
  }
  std::printf("ran %ld corpus files and %ld random inputs\n", files, random_inputs);
  return 0;
}
