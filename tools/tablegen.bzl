"""MLIR ODS through mlir-tblgen: `.td` files in, `.h.inc`/`.cpp.inc` files out.

    load("//tools:tablegen.bzl", "gentbl_cc_library")

    gentbl_cc_library(
        name = "dcont_ops_inc",
        td_file = "DcontOps.td",
        tbl_outs = {
            "DcontDialect.h.inc": "-gen-dialect-decls -dialect=dcont",
            "DcontDialect.cpp.inc": "-gen-dialect-defs -dialect=dcont",
            "DcontOps.h.inc": "-gen-op-decls",
            "DcontOps.cpp.inc": "-gen-op-defs",
        },
    )

The cc_library `name` carries the generated files; include them by workspace path
(`#include "alex/dialect/DcontOps.h.inc"`). MLIR's own .td files (mlir/IR/OpBase.td, ...) are
always on the include path; other local .td files a td_file includes go in td_srcs.
"""

def _mlir_include_dir(td_files):
    for f in td_files:
        suffix = "mlir/IR/OpBase.td"
        if f.path.endswith(suffix):
            return f.path[:-len(suffix)]
    fail("mlir/IR/OpBase.td not found in @llvm-project//:mlir_td_files")

def _gentbl_impl(ctx):
    mlir_td = ctx.files._mlir_td_files
    includes = [_mlir_include_dir(mlir_td), ctx.file.td_file.dirname, ".", ctx.genfiles_dir.path]
    include_args = []
    for path in includes:
        include_args += ["-I", path]
    outputs = []
    for out_name, flags in ctx.attr.tbl_outs.items():
        out = ctx.actions.declare_file(out_name)
        outputs.append(out)
        # The generated code is mlir-tblgen's, not ours: marking it a system header keeps our
        # -Wall -Wextra -Werror from failing on its unused parameters.
        ctx.actions.run_shell(
            command = '"$1" "${@:3}" -o "$2.raw" && { echo "#pragma GCC system_header"; cat "$2.raw"; } > "$2" && rm "$2.raw"',
            arguments = [ctx.executable._tblgen.path, out.path] + flags.split(" ") + include_args + [ctx.file.td_file.path],
            tools = [ctx.executable._tblgen],
            inputs = [ctx.file.td_file] + ctx.files.td_srcs + mlir_td,
            outputs = [out],
            mnemonic = "MlirTblgen",
            progress_message = "mlir-tblgen %s %s" % (flags, ctx.file.td_file.short_path),
        )
    return [DefaultInfo(files = depset(outputs))]

gentbl = rule(
    implementation = _gentbl_impl,
    attrs = {
        "td_file": attr.label(allow_single_file = [".td"], mandatory = True),
        "td_srcs": attr.label_list(allow_files = [".td"]),
        "tbl_outs": attr.string_dict(mandatory = True, doc = "output file name -> mlir-tblgen flags"),
        "_tblgen": attr.label(default = "@llvm-project//:mlir-tblgen", executable = True, cfg = "exec", allow_single_file = True),
        "_mlir_td_files": attr.label(default = "@llvm-project//:mlir_td_files"),
    },
    doc = "Runs mlir-tblgen once per output of tbl_outs.",
)

def gentbl_cc_library(name, td_file, tbl_outs, td_srcs = [], visibility = None, **kwargs):
    """Generates tbl_outs from td_file and wraps them in a cc_library named `name`."""
    gentbl(
        name = name + "_tblgen",
        td_file = td_file,
        td_srcs = td_srcs,
        tbl_outs = tbl_outs,
        visibility = ["//visibility:private"],
    )
    native.cc_library(
        name = name,
        textual_hdrs = [":" + name + "_tblgen"],
        deps = ["@llvm-project//:mlir"],
        visibility = visibility,
        **kwargs
    )
