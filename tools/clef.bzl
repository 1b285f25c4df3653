"""Bazel rules for Clef programs: composer compiles, Bazel's C++ toolchain links the runtime.

    load("//tools:clef.bzl", "clef_binary", "clef_library", "clef_test")

    clef_binary(name = "hello", src = "hello.clef")
    clef_test(name = "hello_test", src = "hello.clef", expected_stdout = "hello.out")
    clef_library(name = "mathlib", src = "mathlib.clef", hdrs = ["mathlib.h"])  # for cc_* deps

The object file comes from `composer build -c` (a genrule with composer as its tool); the
executable is a cc_binary of that object and //composer/runtime, so the link, the sanitizer
flags of --config=asan/tsan/ubsan and the output layout are Bazel's own.

The target is the build's: under --config=aarch64 or --config=wasm32 (tools/toolchains) composer
emits the object for that triple and Bazel's toolchain for it links the runtime built for it;
clef_test runs the program through tools/toolchains:exec_for_target (qemu-aarch64, node).
"""

# composer's --target for the platform of the build (tools/toolchains).
_TARGET_FLAG = select({
    "//tools/toolchains:is_aarch64": "--target=aarch64-linux-gnu",
    "//tools/toolchains:is_wasm32": "--target=wasm32-wasi",
    "//conditions:default": "--target=x86_64-linux-gnu",
})

def _clef_object(name, src, opt, testonly, mode = "-c", target_compatible_with = []):
    native.genrule(
        name = name + "_object",
        srcs = [src],
        outs = [name + ".o"],
        cmd = ("$(location //composer) build $(location %s) %s %s " % (src, mode, opt)) +
              _TARGET_FLAG + " -o $@",
        tools = ["//composer"],
        testonly = testonly,
        target_compatible_with = target_compatible_with,
        visibility = ["//visibility:private"],
    )
    return ":" + name + "_object"

def clef_binary(name, src, opt = "-O2", testonly = False, **kwargs):
    """A native executable from one .clef file (`opt`: -O0..-O3)."""
    native.cc_binary(
        name = name,
        srcs = [_clef_object(name, src, opt, testonly, target_compatible_with = kwargs.get("target_compatible_with", []))],
        deps = ["//composer/runtime"],
        testonly = testonly,
        **kwargs
    )

def clef_library(name, src, hdrs = [], opt = "-O2", **kwargs):
    """Clef functions marked [<Export("name")>] as a C/C++ library: declare them in `hdrs`
    (`extern "C" int32_t name(int32_t);`, int -> int32_t, int64 -> int64_t, float -> double,
    unit result -> void) and depend on this target. The file's top level may only define
    functions."""
    native.cc_library(
        name = name,
        srcs = [_clef_object(name, src, opt, kwargs.get("testonly", False), mode = "--library",
                             target_compatible_with = kwargs.get("target_compatible_with", []))],
        hdrs = hdrs,
        deps = ["//composer/runtime"],
        **kwargs
    )

def clef_test(name, src, expected_stdout, expected_exit = 0, opt = "-O2", **kwargs):
    """Runs the program built from `src`; its stdout must equal `expected_stdout` and its exit
    status `expected_exit`."""
    clef_binary(name = name + "_bin", src = src, opt = opt, testonly = True,
                target_compatible_with = kwargs.get("target_compatible_with", []))
    native.sh_test(
        name = name,
        srcs = ["//tools:clef_test_runner.sh"],
        args = [
            "$(location //tools/toolchains:exec_for_target)",
            "$(location :%s_bin)" % name,
            "$(location %s)" % expected_stdout,
            str(expected_exit),
        ],
        data = [":" + name + "_bin", expected_stdout, "//tools/toolchains:exec_for_target"],
        **kwargs
    )
