# The module against NixOS's own systemd unit types and unit renderer (a `nixos/` tree of nixpkgs):
# nixos/modules/system/boot/systemd/user.nix for the user units, and the `services` / `sockets`
# types of nixos/lib/systemd-types.nix for the system ones. Returns the rendered unit files and the
# wrapper; scripts/nix-test.mjs checks them with systemd-analyze and runs the wrapper.
{
  nixpkgsLib,
  nixosSrc,
  secretsDir,
  # A folder with bin/atlassian-mcp, so systemd-analyze verify finds the ExecStart binary.
  packageDir,
}:

let
  lib = import nixpkgsLib;
  inherit (lib) mkOption types;

  fakeDerivation = name: {
    type = "derivation";
    inherit name;
    outPath = "/nix/store/${builtins.substring 0 32 (builtins.hashString "sha256" name)}-${name}";
  };

  # What the NixOS systemd modules and ours call; nothing here is built.
  pkgs = {
    coreutils = fakeDerivation "coreutils";
    findutils = fakeDerivation "findutils";
    gnugrep = fakeDerivation "gnugrep";
    gnused = fakeDerivation "gnused";
    writeShellScriptBin = name: text: fakeDerivation name // { text = "#!/bin/sh\n${text}"; };
  };

  package = {
    type = "derivation";
    name = "atlassian-mcp-under-test";
    outPath = packageDir;
  };

  loose = mkOption {
    type = types.attrsOf types.anything;
    default = { };
  };

  # The options user.nix writes to besides its own; they are not under test, so loosely declared.
  nixosEnvironment =
    { config, utils, ... }:
    {
      config._module.args = {
        inherit pkgs;
        utils = import (nixosSrc + "/lib/utils.nix") { inherit lib config pkgs; };
      };
      options = {
        assertions = mkOption { type = types.listOf types.attrs; default = [ ]; };
        warnings = mkOption { type = types.listOf types.str; default = [ ]; };
        environment.systemPackages = mkOption { type = types.listOf types.package; default = [ ]; };
        environment.etc = loose;
        security.pam.services = loose;
        users.users = loose;
        system.userActivationScripts = loose;
        systemd.package = mkOption { default = fakeDerivation "systemd"; };
        systemd.globalEnvironment = mkOption { type = types.attrs; default = { }; };
        systemd.additionalUpstreamSystemUnits = mkOption { type = types.listOf types.str; default = [ ]; };
        # The system units, with NixOS's real types.
        systemd.services = mkOption { type = utils.systemdUtils.types.services; default = { }; };
        systemd.sockets = mkOption { type = utils.systemdUtils.types.sockets; default = { }; };
      };
    };

  evaluate =
    settings:
    lib.evalModules {
      modules = [
        (nixosSrc + "/modules/system/boot/systemd/user.nix")
        nixosEnvironment
        ../module.nix
        { config.features.ai.mcp.atlassian = settings; }
      ];
    };

  deployment = {
    enable = true;
    inherit package;
    mode = "cloud";
    jira = {
      enable = true;
      url = "https://example.atlassian.net";
      username = "me@example.com";
      tokenFile = "${secretsDir}/jira-token";
    };
    confluence = {
      enable = true;
      url = "https://confluence.example.com";
      patFile = "${secretsDir}/confluence-pat";
    };
    projectsFilter = [ "PROJ" ];
    extraEnvironment.LOG_LEVEL = "info";
    service.authTokenFile = "${secretsDir}/mcp-token";
  };

  userConfig = (evaluate (deployment // { user = "alice"; })).config;
  systemEval = evaluate (deployment // { systemService = true; });
  systemUtils = systemEval._module.args.utils.systemdUtils.lib;
  systemConfig = systemEval.config;

  failed = config: map (assertion: assertion.message) (builtins.filter (assertion: !assertion.assertion) config.assertions);
in
{
  problems = {
    user = failed userConfig ++ userConfig.warnings;
    system = failed systemConfig ++ systemConfig.warnings;
  };
  user = {
    "atlassian-mcp.service" = userConfig.systemd.user.units."atlassian-mcp.service".text;
    "atlassian-mcp.socket" = userConfig.systemd.user.units."atlassian-mcp.socket".text;
  };
  system = {
    "atlassian-mcp.service" = (systemUtils.serviceToUnit systemConfig.systemd.services.atlassian-mcp).text;
    "atlassian-mcp.socket" = (systemUtils.socketToUnit systemConfig.systemd.sockets.atlassian-mcp).text;
  };
  wrapper = (lib.head userConfig.environment.systemPackages).text;
  # What the wrapper must export, written out here rather than derived from the module.
  wrapperEnvironment = {
    ATLASSIAN_MODE = "cloud";
    CONFLUENCE_PAT_FILE = "${secretsDir}/confluence-pat";
    CONFLUENCE_URL = "https://confluence.example.com";
    JIRA_PROJECTS_FILTER = "PROJ";
    JIRA_TOKEN_FILE = "${secretsDir}/jira-token";
    JIRA_URL = "https://example.atlassian.net";
    JIRA_USERNAME = "me@example.com";
    LOG_LEVEL = "info";
    READ_ONLY_MODE = "false";
  };
}
