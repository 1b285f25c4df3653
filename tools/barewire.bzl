"""C++ from BARE schemas.

    load("//tools:barewire.bzl", "barewire_cc_library")

    barewire_cc_library(
        name = "messages",
        srcs = ["messages.bare"],   # each x.bare becomes the header x.bare.h
        cc_namespace = "app::wire",  # default: the package path, "a/b" → a::b
    )

generates, for every user type X, the owned type X, the zero-copy XView, and EncodeX /
DecodeX / DecodeXView (see barewire/codegen_cc.h). Include it as "<package>/messages.bare.h".
"""

def _default_namespace():
    package = native.package_name()
    if not package:
        return "bare"
    return package.replace("/", "::").replace("-", "_").replace(".", "_")

def barewire_cc_library(name, srcs, cc_namespace = None, deps = [], visibility = None, **kwargs):
    namespace = cc_namespace or _default_namespace()
    headers = []
    for src in srcs:
        if not src.endswith(".bare"):
            fail("barewire_cc_library: %s is not a .bare schema" % src)
        header = src + ".h"
        native.genrule(
            name = "%s_%s_gen" % (name, src.replace("/", "_").replace(".", "_")),
            srcs = [src],
            outs = [header],
            tools = ["//barewire:bare"],
            cmd = "$(location //barewire:bare) gen --lang=cc --namespace=%s -o $@ $(location %s)" % (namespace, src),
            visibility = ["//visibility:private"],
        )
        headers.append(header)
    native.cc_library(
        name = name,
        hdrs = headers,
        deps = deps + [
            "//barewire:wire",
            "@com_google_absl//absl/base:core_headers",
            "@com_google_absl//absl/status",
            "@com_google_absl//absl/status:statusor",
        ],
        visibility = visibility,
        **kwargs
    )
