"""static_archive: one static library holding a cc_library and everything it links.

Composer links every program it builds against the Clef runtime. The runtime is a cc_library
whose dependencies (prospero's region heap, ...) live in other packages, each with its own
archive; a genrule sees only the archives of the targets it names, not their dependencies.
This rule walks the CcInfo of `deps` instead and writes

    <out>.a          every static archive the deps link, merged (`ar -M`, so members with the
                     same name in different archives are all kept);
    <out>.linkopts   the flags the deps add to a link (`linkopts` such as -labsl_status or
                     -pthread), one a line, in link order; plus -no-pie when some archive was
                     compiled without -fPIC (`-c opt` builds non-PIC archives for binaries).
                     Programs link statically, and a system library's static archive records
                     nothing of what it needs: `static_requires` says it (Abseil's, from
                     Debian's pkg-config files), and the flags name the whole closure.

so composer finds one archive and one file of flags, whatever the runtime comes to depend on.
System libraries (Abseil, ...) are shared libraries named by flags, so they stay out of the
archive. Sanitizer flags come from the command line (--config=asan), not from CcInfo: the link
adds those itself (composer/BUILD.bazel).
"""

load("@bazel_tools//tools/cpp:toolchain_utils.bzl", "find_cpp_toolchain")

def _static_archive_impl(ctx):
    cc_toolchain = find_cpp_toolchain(ctx)
    archives = []
    flags = []
    non_pic = []
    for dep in ctx.attr.deps:
        for linker_input in dep[CcInfo].linking_context.linker_inputs.to_list():
            for library in linker_input.libraries:
                archive = library.pic_static_library or library.static_library
                if archive == None:
                    fail("%s links %s only as a shared library; static_archive needs static ones" %
                         (dep.label, library.dynamic_library.short_path))
                if library.alwayslink:
                    fail(("%s is alwayslink: its members would be dropped unless referenced once " +
                          "merged into %s") % (archive.short_path, ctx.attr.out))
                if archive not in archives:
                    archives.append(archive)
                    if library.pic_static_library == None:
                        non_pic.append(archive)
            for flag in linker_input.user_link_flags:
                if flag not in flags:
                    flags.append(flag)
    if ctx.attr.static_requires:
        # Library flags whose static archives need others: name the whole closure, in an order
        # where each comes before what it uses, after every other flag.
        needed = {}
        for flag in flags:
            if flag in ctx.attr.static_requires:
                needed[flag] = True
                for required in ctx.attr.static_requires[flag]:
                    needed[required] = True
        flags = ([flag for flag in flags if flag not in ctx.attr.static_requires] +
                 [flag for flag in ctx.attr.static_link_order if flag in needed])
    if non_pic and "-no-pie" not in flags:
        flags.append("-no-pie")

    archive_out = ctx.actions.declare_file(ctx.attr.out + ".a")
    flags_out = ctx.actions.declare_file(ctx.attr.out + ".linkopts")

    # An MRI script: `addlib` copies every member, even two with the same name.
    script = ctx.actions.declare_file(ctx.attr.out + ".mri")
    ctx.actions.write(
        script,
        "".join(["create %s\n" % archive_out.path] +
                ["addlib %s\n" % a.path for a in archives] +
                ["save\n", "end\n"]),
    )
    ctx.actions.run_shell(
        inputs = depset([script] + archives, transitive = [cc_toolchain.all_files]),
        outputs = [archive_out],
        command = '"$1" -M < "$2"',
        arguments = [cc_toolchain.ar_executable, script.path],
        mnemonic = "MergeArchives",
        progress_message = "Merging %d archives into %s" % (len(archives), archive_out.short_path),
    )
    ctx.actions.write(flags_out, "".join([flag + "\n" for flag in flags]))

    files = [archive_out, flags_out]
    return [DefaultInfo(files = depset(files), runfiles = ctx.runfiles(files = files))]

static_archive = rule(
    implementation = _static_archive_impl,
    attrs = {
        "deps": attr.label_list(providers = [CcInfo], mandatory = True),
        "out": attr.string(mandatory = True, doc = "Output basename: <out>.a, <out>.linkopts."),
        "static_link_order": attr.string_list(
            doc = "Every flag of static_requires (keys and values) in an order where each " +
                  "library comes before those it uses.",
        ),
        "static_requires": attr.string_list_dict(
            doc = "Library flag -> the flags its static archive needs too (all of them, not " +
                  "only the direct ones), for libraries that record no dependencies of their " +
                  "own, such as Abseil's (@com_google_absl//:static_link.bzl).",
        ),
        "_cc_toolchain": attr.label(default = Label("@bazel_tools//tools/cpp:current_cc_toolchain")),
    },
    fragments = ["cpp"],
    toolchains = ["@bazel_tools//tools/cpp:toolchain_type"],
    doc = "Merges the static archives a set of cc_libraries link into one archive plus its flags.",
)

# ---------------------------------------------------------------------------------------------
# The runtime for another target, next to the host's in composer's runfiles: `composer build
# --target=T` links <package>/T/libclef_runtime.a. The archive is built for T's platform
# (tools/toolchains), optimized, without the command line's --copt/--linkopt (the sanitizer and
# fuzzing configs' flags instrument the host's composer and runtime, and mean nothing on T).

def _for_target_transition_impl(settings, attr):
    return {
        "//command_line_option:platforms": [str(attr.platform)],
        "//command_line_option:platform_suffix": attr.triple,
        "//command_line_option:compilation_mode": "opt",
        # Position-independent, so programs for the target link as static PIE (composer/link.cc).
        "//command_line_option:force_pic": True,
        "//command_line_option:copt": [],
        "//command_line_option:linkopt": [],
    }

_for_target_transition = transition(
    implementation = _for_target_transition_impl,
    inputs = [],
    outputs = [
        "//command_line_option:platforms",
        "//command_line_option:platform_suffix",
        "//command_line_option:compilation_mode",
        "//command_line_option:force_pic",
        "//command_line_option:copt",
        "//command_line_option:linkopt",
    ],
)

def _archive_for_target_impl(ctx):
    outputs = []
    for built in ctx.files.archive:
        copy = ctx.actions.declare_file("%s/%s" % (ctx.attr.triple, built.basename))
        ctx.actions.symlink(output = copy, target_file = built)
        outputs.append(copy)
    return [DefaultInfo(files = depset(outputs), runfiles = ctx.runfiles(files = outputs))]

archive_for_target = rule(
    implementation = _archive_for_target_impl,
    attrs = {
        "archive": attr.label(
            mandatory = True,
            cfg = _for_target_transition,
            doc = "A static_archive target, built for `platform`.",
        ),
        "platform": attr.label(mandatory = True),
        "triple": attr.string(mandatory = True, doc = "composer's --target; the output directory"),
        "_allowlist_function_transition": attr.label(
            default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
        ),
    },
    doc = "A static_archive built for another platform, as <triple>/<files>.",
)
