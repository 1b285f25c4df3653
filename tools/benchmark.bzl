"""Google Benchmark binaries that are also tests.

    cc_benchmark(name = "codec_bench", srcs = ["codec_bench.cc"], deps = [...])

gives the binary `name` (run it: `bazel run -c opt //pkg:codec_bench [-- --json=FILE]`; its main
is //tools/bench:bench_main, which prints a fidelity-vs-peer table for benchmarks named
"<bench>/<system>") and `name + "_test"`, which
runs every benchmark in it once (`--benchmark_min_time=0`) and fails unless it exits 0 and
reports at least one run: benchmarks cannot rot unnoticed.
"""

def cc_benchmark(name, srcs, deps = [], data = [], test_args = [], tags = [], **kwargs):
    native.cc_binary(
        name = name,
        srcs = srcs,
        data = data,
        deps = deps + [
            "//tools/bench:bench_main",
            "@com_github_google_benchmark//:benchmark",
        ],
        tags = tags,
        **kwargs
    )
    native.sh_test(
        name = name + "_test",
        srcs = ["//tools:run_benchmark_once.sh"],
        args = ["$(location :%s)" % name] + test_args,
        data = [":" + name] + data,
        tags = tags,
    )
