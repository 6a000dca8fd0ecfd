# Strict declarations of exactly the NixOS and home-manager options the modules touch, with the
# names and types of the real ones (nixos/lib/systemd-unit-options.nix, home-manager's systemd
# module). No freeformType anywhere: a misspelt option is an evaluation error, as in a real system.
# Plus a fake `pkgs` with the few functions the modules call, so nothing is built.
{ lib }:

let
  inherit (lib) mkOption types;

  unitName = types.strMatching "[a-zA-Z0-9@%:_.\\-]+[.](service|socket|target|path|timer|slice)";
  # What NixOS's `unitOption` accepts: a scalar or a list of scalars per directive.
  unitScalar = types.oneOf [ types.bool types.int types.str types.path ];
  unitValue = types.either unitScalar (types.listOf unitScalar);
  unitSection = types.attrsOf unitValue;

  commonUnit = {
    description = mkOption { type = types.str; default = ""; };
    wantedBy = mkOption { type = types.listOf unitName; default = [ ]; };
    requires = mkOption { type = types.listOf unitName; default = [ ]; };
    after = mkOption { type = types.listOf unitName; default = [ ]; };
    unitConfig = mkOption { type = unitSection; default = { }; };
  };

  nixosService = types.submodule {
    options = commonUnit // {
      environment = mkOption { type = types.attrsOf (types.nullOr (types.oneOf [ types.str types.path types.package ])); default = { }; };
      path = mkOption { type = types.listOf (types.oneOf [ types.package types.str ]); default = [ ]; };
      serviceConfig = mkOption { type = unitSection; default = { }; };
    };
  };

  nixosSocket = types.submodule {
    options = commonUnit // {
      listenStreams = mkOption { type = types.listOf types.str; default = [ ]; };
      socketConfig = mkOption { type = unitSection; default = { }; };
    };
  };

  assertionsOption = mkOption {
    type = types.listOf (types.submodule {
      options = {
        assertion = mkOption { type = types.bool; };
        message = mkOption { type = types.str; };
      };
    });
    default = [ ];
  };
  warningsOption = mkOption { type = types.listOf types.str; default = [ ]; };

  # home-manager: each unit is [Unit], [Service]/[Socket] and [Install] sections.
  hmUnit = sectionName: types.submodule {
    options = {
      Unit = mkOption { type = unitSection; default = { }; };
      ${sectionName} = mkOption { type = unitSection; default = { }; };
      Install = mkOption { type = unitSection; default = { }; };
    };
  };

  fakeDerivation =
    name: extra:
    {
      type = "derivation";
      inherit name;
      outPath = "/nix/store/${builtins.substring 0 32 (builtins.hashString "sha256" name)}-${name}";
    }
    // extra;
in
{
  nixos = {
    options = {
      assertions = assertionsOption;
      warnings = warningsOption;
      environment.systemPackages = mkOption { type = types.listOf types.package; default = [ ]; };
      systemd.services = mkOption { type = types.attrsOf nixosService; default = { }; };
      systemd.sockets = mkOption { type = types.attrsOf nixosSocket; default = { }; };
      systemd.user.services = mkOption { type = types.attrsOf nixosService; default = { }; };
      systemd.user.sockets = mkOption { type = types.attrsOf nixosSocket; default = { }; };
    };
  };

  homeManager = {
    options = {
      assertions = assertionsOption;
      warnings = warningsOption;
      home.packages = mkOption { type = types.listOf types.package; default = [ ]; };
      home.file = mkOption {
        type = types.attrsOf (types.submodule {
          options.text = mkOption { type = types.nullOr types.lines; default = null; };
        });
        default = { };
      };
      systemd.user.services = mkOption { type = types.attrsOf (hmUnit "Service"); default = { }; };
      systemd.user.sockets = mkOption { type = types.attrsOf (hmUnit "Socket"); default = { }; };
    };
  };

  inherit fakeDerivation;

  package = fakeDerivation "atlassian-mcp-0.1.0" { meta.mainProgram = "atlassian-mcp"; };

  # Only what the modules call. writeShellScriptBin keeps its text, as nixpkgs' does.
  pkgs = {
    writeShellScriptBin = name: text: fakeDerivation name { text = "#!/bin/sh\n${text}"; };
  };
}
