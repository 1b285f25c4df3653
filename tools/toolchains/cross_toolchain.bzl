"""cross_toolchain: a cc_toolchain for another target, registered for that target's constraints."""

def cross_toolchain(name, config, target_compatible_with):
    """`name`_cc (the cc_toolchain of `config`) and `name` (its toolchain() for resolution).

    The tools are the system's, named by absolute paths in `config` (Debian's packages), so the
    toolchain ships no files of its own.
    """
    native.cc_toolchain(
        name = name + "_cc",
        all_files = ":empty",
        ar_files = ":empty",
        as_files = ":empty",
        compiler_files = ":empty",
        dwp_files = ":empty",
        linker_files = ":empty",
        objcopy_files = ":empty",
        strip_files = ":empty",
        supports_param_files = 1,
        toolchain_config = config,
    )
    native.toolchain(
        name = name,
        exec_compatible_with = [
            "@platforms//cpu:x86_64",
            "@platforms//os:linux",
        ],
        target_compatible_with = target_compatible_with,
        toolchain = ":" + name + "_cc",
        toolchain_type = "@bazel_tools//tools/cpp:toolchain_type",
    )
