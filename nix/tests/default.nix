# Module evaluation tests: `npm run test:nix` (scripts/nix-test.mjs) evaluates this with nix-instantiate
# and prints each check. Needs nixpkgs' `lib` and a folder of canary secret files the runner writes.
#   nix-instantiate --eval --strict --json nix/tests/default.nix \
#     --argstr nixpkgsLib /path/to/nixpkgs/lib --argstr secretsDir /tmp/canaries
{
  nixpkgsLib ? builtins.getEnv "NIXPKGS_LIB",
  secretsDir ? builtins.getEnv "ATLASSIAN_MCP_TEST_SECRETS",
}:

assert nixpkgsLib != "" || throw "nix/tests: set NIXPKGS_LIB (a checkout of nixpkgs' lib/) or pass --argstr nixpkgsLib";
assert secretsDir != "" || throw "nix/tests: run through `npm run test:nix`, which writes the canary secret files";

let
  lib = import nixpkgsLib;
  harness = import ./harness.nix { inherit lib; };
  stubs = import ./stubs.nix { inherit lib; };

  secretFiles = [ "jira-token" "jira-pat" "confluence-token" "confluence-pat" "mcp-token" ];
  secrets = {
    jiraToken = "${secretsDir}/jira-token";
    jiraPat = "${secretsDir}/jira-pat";
    confluenceToken = "${secretsDir}/confluence-token";
    confluencePat = "${secretsDir}/confluence-pat";
    mcpToken = "${secretsDir}/mcp-token";
    # What the files hold: it must show up nowhere the modules write.
    canaries = map (name: lib.removeSuffix "\n" (builtins.readFile "${secretsDir}/${name}")) secretFiles;
  };

  results =
    import ./module-cases.nix { inherit lib harness stubs secrets; }
    ++ import ./hm-cases.nix { inherit lib harness stubs secrets; }
    ++ import ./flake-shape.nix { inherit lib harness stubs nixpkgsLib; };
in
map (result: { inherit (result) name ok detail; }) results
