"""Repository rules that wire Debian-installed libraries into Bazel under upstream-like labels.

The machines reach no download site, so every external dependency is a system package. Each rule
here checks the installed version against third_party/debian_packages.txt, symlinks the headers
into the repository, and writes BUILD files whose targets link the system's shared or static
libraries. A missing package or a different major version fails the build at once with a message
that says what to install.
"""

_PACKAGES_FILE = "//third_party:debian_packages.txt"

def _pinned_versions(rctx):
    """Returns {package: version_prefix} from debian_packages.txt."""
    pins = {}
    for line in rctx.read(Label(_PACKAGES_FILE)).splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        fields = [field for field in line.replace("\t", " ").split(" ") if field]
        pins[fields[0]] = fields[1]
    return pins

def _setup_hint(packages):
    return "Run tools/setup, or: apt-get install " + " ".join(packages)

def _require_packages(rctx, packages):
    """Fails unless each Debian package is installed at its pinned version prefix."""
    pins = _pinned_versions(rctx)
    dpkg = rctx.which("dpkg-query")
    for package in packages:
        if package not in pins:
            fail("%s is not listed in third_party/debian_packages.txt" % package)
        if not dpkg:
            # Not a Debian system: the header and library checks below still apply.
            continue
        result = rctx.execute([dpkg, "-W", "-f=${Status}|${Version}", package])
        status, _, version = result.stdout.partition("|")
        if result.return_code != 0 or not status.endswith("installed"):
            fail("Debian package %s (%s*) is not installed. %s" %
                 (package, pins[package], _setup_hint(packages)))
        if not version.startswith(pins[package]):
            fail("Debian package %s is at version %s but Fidelity is pinned to %s* " %
                 (package, version, pins[package]) +
                 "(third_party/debian_packages.txt). " + _setup_hint([package]))

def _require_path(rctx, path, packages):
    if not rctx.path(path).exists:
        fail("%s is missing. %s" % (path, _setup_hint(packages)))

def _symlink_headers(rctx, include_root, names):
    for name in names:
        source = "%s/%s" % (include_root, name)
        _require_path(rctx, source, [])
        rctx.symlink(source, "include/" + name)

# ---------------------------------------------------------------------------------------------
# Abseil: one target per upstream target we use, each linking its Debian shared library (the
# shared libraries record their own dependencies, so link order does not matter).

_ABSL_TARGETS = {
    "absl/algorithm": {"algorithm": [], "container": []},
    "absl/base": {"base": ["base", "raw_logging_internal", "log_severity", "throw_delegate", "spinlock_wait"], "core_headers": [], "endian": []},
    "absl/cleanup": {"cleanup": []},
    "absl/container": {
        "btree": [],
        "fixed_array": [],
        "flat_hash_map": ["raw_hash_set", "hash"],
        "flat_hash_set": ["raw_hash_set", "hash"],
        "inlined_vector": [],
        "node_hash_map": ["raw_hash_set", "hash"],
        "node_hash_set": ["raw_hash_set", "hash"],
    },
    "absl/debugging": {"failure_signal_handler": ["failure_signal_handler"], "stacktrace": ["stacktrace"], "symbolize": ["symbolize"]},
    "absl/flags": {"flag": ["flags_internal", "flags_marshalling", "flags_reflection"], "parse": ["flags_parse", "flags_usage"], "usage": ["flags_usage"]},
    "absl/functional": {"any_invocable": [], "bind_front": [], "function_ref": []},
    "absl/hash": {"hash": ["hash", "city", "low_level_hash"]},
    "absl/memory": {"memory": []},
    "absl/meta": {"type_traits": []},
    "absl/numeric": {"bits": [], "int128": ["int128"]},
    "absl/random": {"bit_gen_ref": [], "distributions": ["random_distributions"], "random": ["random_distributions", "random_seed_sequences", "random_internal_pool_urbg", "random_internal_randen", "random_internal_seed_material"]},
    "absl/status": {"status": ["status"], "statusor": ["statusor", "status"]},
    "absl/strings": {"cord": ["cord", "cord_internal"], "str_format": ["str_format_internal"], "strings": ["strings", "strings_internal", "int128", "throw_delegate"]},
    "absl/synchronization": {"synchronization": ["synchronization", "graphcycles_internal", "time"]},
    "absl/time": {"time": ["time", "time_zone", "civil_time"]},
    "absl/types": {"optional": ["bad_optional_access"], "span": [], "variant": ["bad_variant_access"]},
    "absl/utility": {"utility": []},
}

# For static links (the Clef runtime composer links into every program, composer/runtime): a
# static archive does not record what it needs, so a static link of -labsl_status must also name
# -labsl_cord, -labsl_strings, ... in an order where each library comes before those it uses.
# Debian's pkg-config files (absl_*.pc) hold that graph, the same for every architecture; the
# repository writes it out as static_link.bzl:
#   ABSL_STATIC_LINK_ORDER  every library flag (-labsl_*, then the system's -latomic, -lrt) in an
#                           order where each comes before what it needs (pkg-config --static)
#   ABSL_STATIC_REQUIRES    flag -> every flag it needs, directly or not, in that order
# (pkg-config wraps -latomic in --as-needed, which means nothing to a static link: dropped).
_PKGCONFIG_DIRS = [
    "/usr/lib/x86_64-linux-gnu/pkgconfig",
    "/usr/lib/aarch64-linux-gnu/pkgconfig",
    "/usr/lib/pkgconfig",
    "/usr/share/pkgconfig",
]

def _parse_pc(text):
    requires = []
    libs = []
    for line in text.splitlines():
        if line.startswith("Requires:"):
            for item in line[len("Requires:"):].split(","):
                words = [word for word in item.replace("\t", " ").split(" ") if word]
                if words:
                    requires.append(words[0])
        elif line.startswith("Libs:"):
            libs = [word for word in line[len("Libs:"):].split(" ") if word.startswith("-l")]
    return requires, libs

def _absl_static_link(rctx):
    directory = None
    for candidate in _PKGCONFIG_DIRS:
        if rctx.path(candidate + "/absl_base.pc").exists:
            directory = rctx.path(candidate)
            break
    if directory == None:
        fail("Abseil's pkg-config files (absl_base.pc) are not in any of %s. %s" %
             (_PKGCONFIG_DIRS, _setup_hint(["libabsl-dev"])))
    requires = {}
    libs = {}
    for entry in directory.readdir():
        if entry.basename.startswith("absl_") and entry.basename.endswith(".pc"):
            module = entry.basename[:-len(".pc")]
            parsed = _parse_pc(rctx.read(entry))
            requires[module] = parsed[0]
            libs[module] = parsed[1]
    requires = {
        module: [r for r in required if r in libs]
        for module, required in requires.items()
    }

    # Kahn's algorithm (Starlark has neither recursion nor while): users before what they use.
    users = {module: 0 for module in requires}
    for module in requires:
        for required in requires[module]:
            users[required] += 1
    ready = sorted([module for module in requires if users[module] == 0])
    order = []
    for _ in range(len(requires)):
        if not ready:
            break
        module = ready.pop(0)
        order.append(module)
        for required in requires[module]:
            users[required] -= 1
            if users[required] == 0:
                ready.append(required)
    if len(order) != len(requires):
        fail("Abseil's pkg-config files in %s have a dependency cycle" % directory)

    # The closure of each module, what it needs first (reverse order: requirements are done).
    closure = {}
    for module in reversed(order):
        needed = {}
        for required in requires[module]:
            needed[required] = True
            for m in closure[required]:
                needed[m] = True
        closure[module] = needed

    absl_flags = []
    system_flags = []
    for module in order:
        for flag in libs[module]:
            if flag.startswith("-labsl_"):
                if flag not in absl_flags:
                    absl_flags.append(flag)
            elif flag not in system_flags:
                system_flags.append(flag)
    link_order = absl_flags + system_flags
    rank = {flag: i for i, flag in enumerate(link_order)}
    flag_requires = {flag: [] for flag in link_order}
    for module in order:
        needed_flags = {}
        for m in closure[module]:
            for flag in libs[m]:
                needed_flags[flag] = True
        for flag in libs[module]:
            if not flag.startswith("-labsl_"):
                needed_flags[flag] = True
        for own in libs[module]:
            if own.startswith("-labsl_"):
                flag_requires[own] = [
                    f
                    for _, f in sorted([(rank[f], f) for f in needed_flags if f != own])
                ]
    rctx.file("static_link.bzl", "\n".join([
        "# Generated from %s/absl_*.pc by third_party/system_repos.bzl (absl_repository)." %
        directory,
        "ABSL_STATIC_LINK_ORDER = %r" % link_order,
        "ABSL_STATIC_REQUIRES = %r" % flag_requires,
        "",
    ]))

def _absl_impl(rctx):
    _require_packages(rctx, ["libabsl-dev"])
    _symlink_headers(rctx, "/usr/include", ["absl"])
    _absl_static_link(rctx)
    rctx.file("WORKSPACE", "workspace(name = \"com_google_absl\")\n")
    rctx.file("BUILD.bazel", """
package(default_visibility = ["//visibility:public"])

# Header-only targets (span, fixed_array, ...) still throw through throw_delegate and log
# through raw_logging_internal, so every target gets those two.
cc_library(
    name = "headers",
    hdrs = glob(["include/absl/**"]),
    includes = ["include"],
    linkopts = ["-labsl_throw_delegate", "-labsl_raw_logging_internal"],
)
""")
    for package, targets in _ABSL_TARGETS.items():
        content = ["package(default_visibility = [\"//visibility:public\"])\n"]
        for target, libs in targets.items():
            content.append("""cc_library(
    name = "{name}",
    deps = ["//:headers"],
    linkopts = {linkopts},
)
""".format(name = target, linkopts = repr(["-labsl_" + lib for lib in libs])))
        rctx.file(package + "/BUILD.bazel", "\n".join(content))

absl_repository = repository_rule(
    implementation = _absl_impl,
    local = True,
    doc = "Abseil from Debian's libabsl-dev, as @com_google_absl//absl/<package>:<target>.",
)

# ---------------------------------------------------------------------------------------------
# GoogleTest and GoogleMock: Debian ships static archives, so each target lists its archives in
# link order itself.

def _googletest_impl(rctx):
    _require_packages(rctx, ["libgtest-dev", "libgmock-dev"])
    _symlink_headers(rctx, "/usr/include", ["gtest", "gmock"])
    rctx.file("WORKSPACE", "workspace(name = \"com_google_googletest\")\n")
    rctx.file("BUILD.bazel", """
package(default_visibility = ["//visibility:public"])

cc_library(
    name = "headers",
    hdrs = glob(["include/gtest/**", "include/gmock/**"]),
    includes = ["include"],
)

cc_library(name = "gtest", deps = [":headers"], linkopts = ["-lgtest", "-pthread"])

cc_library(name = "gtest_main", deps = [":headers"], linkopts = ["-lgtest_main", "-lgtest", "-pthread"])

cc_library(name = "gmock", deps = [":headers"], linkopts = ["-lgmock", "-lgtest", "-pthread"])

cc_library(name = "gmock_main", deps = [":headers"], linkopts = ["-lgmock_main", "-lgmock", "-lgtest", "-pthread"])
""")

googletest_repository = repository_rule(
    implementation = _googletest_impl,
    local = True,
    doc = "GoogleTest/GoogleMock from Debian, as @com_google_googletest//:gtest_main etc.",
)

# ---------------------------------------------------------------------------------------------
# nlohmann/json (header-only): the JSON side of the `bare` tool.

def _nlohmann_json_impl(rctx):
    _require_packages(rctx, ["nlohmann-json3-dev"])
    _symlink_headers(rctx, "/usr/include", ["nlohmann"])
    rctx.file("WORKSPACE", "workspace(name = \"nlohmann_json\")\n")
    rctx.file("BUILD.bazel", """
package(default_visibility = ["//visibility:public"])

cc_library(
    name = "json",
    hdrs = glob(["include/nlohmann/**"]),
    includes = ["include"],
)
""")

nlohmann_json_repository = repository_rule(
    implementation = _nlohmann_json_impl,
    local = True,
    doc = "nlohmann/json from Debian, as @nlohmann_json//:json.",
)

# ---------------------------------------------------------------------------------------------
# toml++ (header-only here): composer reads upstream Clef's .fidproj project files with it.

def _tomlplusplus_impl(rctx):
    _require_packages(rctx, ["libtomlplusplus-dev"])
    _symlink_headers(rctx, "/usr/include", ["toml++"])
    rctx.file("WORKSPACE", "workspace(name = \"tomlplusplus\")\n")
    rctx.file("BUILD.bazel", """
package(default_visibility = ["//visibility:public"])

cc_library(
    name = "tomlplusplus",
    hdrs = glob(["include/toml++/**"]),
    defines = ["TOML_HEADER_ONLY=1", "TOML_EXCEPTIONS=0"],
    includes = ["include"],
)
""")

tomlplusplus_repository = repository_rule(
    implementation = _tomlplusplus_impl,
    local = True,
    doc = "toml++ from Debian, as @tomlplusplus//:tomlplusplus.",
)

# ---------------------------------------------------------------------------------------------
# Cap'n Proto and FlatBuffers: benchmark peers of barewire (never product dependencies).

def _symlink_tool(rctx, name, packages):
    tool = rctx.which(name)
    if not tool:
        fail("%s is not on PATH. %s" % (name, _setup_hint(packages)))
    rctx.symlink(tool, "bin/" + name)

def _capnproto_impl(rctx):
    packages = ["capnproto", "libcapnp-dev"]
    _require_packages(rctx, packages)
    _symlink_headers(rctx, "/usr/include", ["capnp", "kj"])
    _symlink_tool(rctx, "capnp", packages)
    _symlink_tool(rctx, "capnpc-c++", packages)
    rctx.file("WORKSPACE", "workspace(name = \"capnproto\")\n")
    rctx.file("BUILD.bazel", """
package(default_visibility = ["//visibility:public"])

exports_files(["bin/capnp", "bin/capnpc-c++"])

cc_library(
    name = "capnp",
    hdrs = glob(["include/capnp/**", "include/kj/**"]),
    includes = ["include"],
    linkopts = ["-lcapnp", "-lkj", "-pthread"],
)
""")

capnproto_repository = repository_rule(
    implementation = _capnproto_impl,
    local = True,
    doc = "Cap'n Proto from Debian: @capnproto//:capnp and the compiler bin/capnp, bin/capnpc-c++.",
)

def _flatbuffers_impl(rctx):
    packages = ["flatbuffers-compiler", "libflatbuffers-dev"]
    _require_packages(rctx, packages)
    _symlink_headers(rctx, "/usr/include", ["flatbuffers"])
    _symlink_tool(rctx, "flatc", packages)
    rctx.file("WORKSPACE", "workspace(name = \"flatbuffers\")\n")
    rctx.file("BUILD.bazel", """
package(default_visibility = ["//visibility:public"])

exports_files(["bin/flatc"])

cc_library(
    name = "flatbuffers",
    hdrs = glob(["include/flatbuffers/**"]),
    includes = ["include"],
    linkopts = ["-lflatbuffers"],
)
""")

flatbuffers_repository = repository_rule(
    implementation = _flatbuffers_impl,
    local = True,
    doc = "FlatBuffers from Debian: @flatbuffers//:flatbuffers and the compiler bin/flatc.",
)

# ---------------------------------------------------------------------------------------------
# CAF 0.17 (the C++ Actor Framework): a benchmark peer of olivier.

def _caf_impl(rctx):
    _require_packages(rctx, ["libcaf-dev"])
    _symlink_headers(rctx, "/usr/include", ["caf"])
    rctx.file("WORKSPACE", "workspace(name = \"caf\")\n")
    rctx.file("BUILD.bazel", """
package(default_visibility = ["//visibility:public"])

cc_library(
    name = "caf",
    hdrs = glob(["include/caf/**"]),
    includes = ["include"],
    linkopts = ["-lcaf_core", "-pthread"],
)
""")

caf_repository = repository_rule(
    implementation = _caf_impl,
    local = True,
    doc = "CAF 0.17 from Debian, as @caf//:caf.",
)

# ---------------------------------------------------------------------------------------------
# Google Benchmark.

def _benchmark_impl(rctx):
    _require_packages(rctx, ["libbenchmark-dev"])
    _symlink_headers(rctx, "/usr/include", ["benchmark"])
    rctx.file("WORKSPACE", "workspace(name = \"com_github_google_benchmark\")\n")
    rctx.file("BUILD.bazel", """
package(default_visibility = ["//visibility:public"])

cc_library(
    name = "headers",
    hdrs = glob(["include/benchmark/**"]),
    includes = ["include"],
)

cc_library(name = "benchmark", deps = [":headers"], linkopts = ["-lbenchmark", "-pthread"])

cc_library(name = "benchmark_main", deps = [":headers"], linkopts = ["-lbenchmark_main", "-lbenchmark", "-pthread"])
""")

benchmark_repository = repository_rule(
    implementation = _benchmark_impl,
    local = True,
    doc = "Google Benchmark from Debian, as @com_github_google_benchmark//:benchmark(_main).",
)

# ---------------------------------------------------------------------------------------------
# Protobuf: protoc plus the C++ runtime, and the proto_lang_toolchain that the built-in
# cc_proto_library looks for at @com_google_protobuf//:cc_toolchain.

def _protobuf_impl(rctx):
    _require_packages(rctx, ["libprotobuf-dev", "protobuf-compiler"])
    _symlink_headers(rctx, "/usr/include", ["google/protobuf"])
    protoc = rctx.which("protoc")
    if not protoc:
        fail("protoc is not on PATH. " + _setup_hint(["protobuf-compiler"]))
    rctx.symlink(protoc, "bin/protoc")
    rctx.file("WORKSPACE", "workspace(name = \"com_google_protobuf\")\n")
    rctx.file("BUILD.bazel", """
package(default_visibility = ["//visibility:public"])

sh_binary(name = "protoc", srcs = ["bin/protoc"])

cc_library(
    name = "protobuf",
    hdrs = glob(["include/google/protobuf/**"]),
    includes = ["include"],
    linkopts = ["-lprotobuf", "-pthread"],
)

alias(name = "protobuf_headers", actual = ":protobuf")

proto_lang_toolchain(
    name = "cc_toolchain",
    command_line = "--cpp_out=$(OUT)",
    runtime = ":protobuf",
)
""")

protobuf_repository = repository_rule(
    implementation = _protobuf_impl,
    local = True,
    doc = "Protobuf from Debian: @com_google_protobuf//:protoc, :protobuf, :cc_toolchain.",
)

# ---------------------------------------------------------------------------------------------
# LLVM and MLIR: headers, the two shared libraries (libLLVM-N, libMLIR) and the tools the build
# runs (mlir-tblgen, FileCheck, llc). FIDELITY_LLVM_PREFIX overrides where they live.

def _llvm_impl(rctx):
    pins = _pinned_versions(rctx)
    major = pins["llvm-19-dev"].split(":")[-1].rstrip(".")
    prefix = rctx.os.environ.get("FIDELITY_LLVM_PREFIX", "/usr/lib/llvm-" + major)
    packages = ["llvm-%s-dev" % major, "libmlir-%s-dev" % major, "mlir-%s-tools" % major, "llvm-%s-tools" % major]
    llvm_config = rctx.path(prefix + "/bin/llvm-config")
    if not llvm_config.exists:
        fail("LLVM %s not found at %s (no bin/llvm-config). %s" % (major, prefix, _setup_hint(packages)))
    version = rctx.execute([llvm_config, "--version"]).stdout.strip()
    if version.split(".")[0] != major:
        fail("Fidelity needs LLVM/MLIR %s, but %s has LLVM %s. %s" % (major, prefix, version, _setup_hint(packages)))
    for required in ["lib/libMLIR.so", "lib/libLLVM-%s.so" % major, "include/mlir/IR/OpBase.td", "bin/mlir-tblgen", "bin/FileCheck"]:
        _require_path(rctx, prefix + "/" + required, packages)

    for name in ["llvm", "llvm-c", "mlir", "mlir-c"]:
        rctx.symlink(prefix + "/include/" + name, "include/" + name)
    for tool in ["mlir-tblgen", "FileCheck", "llc", "mlir-opt", "not"]:
        if rctx.path(prefix + "/bin/" + tool).exists:
            rctx.symlink(prefix + "/bin/" + tool, "bin/" + tool)
    rctx.file("WORKSPACE", "workspace(name = \"llvm-project\")\n")
    rctx.file("BUILD.bazel", """
package(default_visibility = ["//visibility:public"])

LIB_DIR = "{prefix}/lib"

# LLVM's C++ API (libLLVM-{major}.so).
cc_library(
    name = "llvm",
    hdrs = glob(["include/llvm/**", "include/llvm-c/**"], exclude = ["**/*.td"]),
    includes = ["include"],
    linkopts = ["-L" + LIB_DIR, "-Wl,-rpath," + LIB_DIR, "-lLLVM-{major}"],
)

# MLIR's C++ API (libMLIR.so): every upstream dialect, pass and translation.
cc_library(
    name = "mlir",
    hdrs = glob(["include/mlir/**", "include/mlir-c/**"], exclude = ["**/*.td"]),
    includes = ["include"],
    linkopts = ["-L" + LIB_DIR, "-Wl,-rpath," + LIB_DIR, "-lMLIR"],
    deps = [":llvm"],
)

# ODS sources that dialect .td files include (mlir/IR/OpBase.td and friends).
filegroup(
    name = "mlir_td_files",
    srcs = glob(["include/mlir/**/*.td"]),
)

exports_files(glob(["bin/*"]))

alias(name = "mlir-tblgen", actual = "bin/mlir-tblgen")
alias(name = "FileCheck", actual = "bin/FileCheck")
alias(name = "llc", actual = "bin/llc")
alias(name = "mlir-opt", actual = "bin/mlir-opt")
""".format(prefix = prefix, major = major))

llvm_repository = repository_rule(
    implementation = _llvm_impl,
    local = True,
    environ = ["FIDELITY_LLVM_PREFIX"],
    doc = "LLVM + MLIR from Debian as @llvm-project//:llvm, :mlir, :mlir-tblgen, :FileCheck.",
)
