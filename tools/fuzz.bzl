"""libFuzzer targets that are also ordinary regression tests.

    cc_fuzz_test(name = "decode_fuzzer", srcs = ["decode_fuzzer.cc"], deps = [...],
                 corpus = glob(["testdata/decode_corpus/*"]))

defines a source with `extern "C" int LLVMFuzzerTestOneInput(const uint8_t*, size_t)` and gives
- `name`: under `--config=fuzz` a libFuzzer binary
  (`bazel run --config=fuzz //pkg:decode_fuzzer -- -runs=100000`); otherwise the same function
  behind tools/fuzz's standalone driver;
- `name + "_test"`: a cc_test that replays the corpus and a fixed set of pseudo-random inputs
  through the function, so every `bazel test //...` exercises each fuzz target.
"""

def cc_fuzz_test(name, srcs, deps = [], corpus = [], tags = [], **kwargs):
    native.cc_binary(
        name = name,
        srcs = srcs,
        deps = deps + select({
            "//tools/fuzz:fuzzing": [],
            "//conditions:default": ["//tools/fuzz:standalone_driver"],
        }),
        linkopts = select({
            "//tools/fuzz:fuzzing": ["-fsanitize=fuzzer"],
            "//conditions:default": [],
        }),
        tags = tags + ["fuzzer"],
        **kwargs
    )
    native.cc_test(
        name = name + "_test",
        srcs = srcs,
        deps = deps + ["//tools/fuzz:standalone_driver"],
        data = corpus,
        args = ["$(locations %s)" % c for c in corpus],
        tags = tags,
        **kwargs
    )
