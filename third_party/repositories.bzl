"""All external repositories of the Fidelity workspace. WORKSPACE calls fidelity_dependencies()."""

load(
    "//third_party:system_repos.bzl",
    "absl_repository",
    "benchmark_repository",
    "caf_repository",
    "capnproto_repository",
    "flatbuffers_repository",
    "googletest_repository",
    "llvm_repository",
    "nlohmann_json_repository",
    "tomlplusplus_repository",
    "protobuf_repository",
)

def fidelity_dependencies():
    absl_repository(name = "com_google_absl")
    googletest_repository(name = "com_google_googletest")
    benchmark_repository(name = "com_github_google_benchmark")
    protobuf_repository(name = "com_google_protobuf")
    llvm_repository(name = "llvm-project")
    nlohmann_json_repository(name = "nlohmann_json")
    tomlplusplus_repository(name = "tomlplusplus")
    capnproto_repository(name = "capnproto")
    caf_repository(name = "caf")
    flatbuffers_repository(name = "flatbuffers")

    # Bazel's own rules load the C++ rules from @rules_cc; Debian's bazel-rules-cc is too new
    # for Bazel 4.2.3, so a shim re-exports the built-in rules.
    native.local_repository(name = "rules_cc", path = "third_party/rules_cc")

    # Every cc_test's analysis names Bazel's coverage tools, which it would download: an
    # offline stand-in with the two targets it asks for.
    native.local_repository(name = "remote_coverage_tools", path = "third_party/remote_coverage_tools")
