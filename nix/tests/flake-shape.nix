# The flake's outputs, evaluated with a stand-in nixpkgs input (nixpkgs' lib plus fake packages), so
# the shape `nix flake show` prints is checked without fetching nixpkgs; and flake.lock against
# flake.nix.
{
  lib,
  harness,
  stubs,
  nixpkgsLib,
}:

let
  inherit (harness) equal check;

  flake = import ../../flake.nix;
  lock = builtins.fromJSON (builtins.readFile ../../flake.lock);

  systems = [ "aarch64-darwin" "aarch64-linux" "x86_64-darwin" "x86_64-linux" ];
  linuxSystems = [ "aarch64-linux" "x86_64-linux" ];

  pkgsFor =
    system:
    stubs.pkgs
    // {
      stdenv.hostPlatform.system = system;
      callPackage = file: _args: stubs.fakeDerivation "atlassian-mcp-0.1.0" {
        meta.mainProgram = "atlassian-mcp";
        builtFrom = toString file;
      };
      testers.runNixOSTest = test: stubs.fakeDerivation "vm-test-run-${(test { inherit lib; }).name}" { };
      mkShell = args: stubs.fakeDerivation "nix-shell" { packages = map (p: p.name) args.packages; };
      nodejs = stubs.fakeDerivation "nodejs" { };
      esbuild = stubs.fakeDerivation "esbuild" { };
      nix = stubs.fakeDerivation "nix" { };
      nixfmt-rfc-style = stubs.fakeDerivation "nixfmt" { };
    };

  nixpkgs = {
    inherit lib;
    legacyPackages = lib.genAttrs systems pkgsFor;
    outPath = dirOf nixpkgsLib;
  };
  # `self` is the flake's own outputs plus its source, as Nix passes it.
  self = outputs // { outPath = toString ../..; };
  outputs = flake.outputs { inherit self nixpkgs; };

  perSystemNames = output: lib.mapAttrs (_: attrs: lib.attrNames attrs) outputs.${output};
  everySystem = names: lib.genAttrs systems (_: names);

  flakePackage = outputs.packages.x86_64-linux.default;

  evalModule = stubModules: module: settings:
    (lib.evalModules {
      modules = [
        stubModules
        module
        { config._module.args.pkgs = pkgsFor "x86_64-linux"; }
        { config.features.ai.mcp.atlassian = settings; }
      ];
    }).config;
  minimal = {
    enable = true;
    mode = "cloud";
    jira = { enable = true; url = "https://example.atlassian.net"; username = "me@example.com"; tokenFile = "/run/agenix/jira"; };
    service.enable = false;
  };

  nixpkgsNode = lock.nodes.${lock.nodes.${lock.root}.inputs.nixpkgs};
in
[
  (equal "flake: top-level outputs" (lib.attrNames outputs) [
    "apps" "checks" "devShells" "formatter" "homeManagerModules" "nixosModules" "overlays" "packages"
  ])
  (equal "flake: packages.<system>.{default,atlassian-mcp}" (perSystemNames "packages") (everySystem [ "atlassian-mcp" "default" ]))
  (equal "flake: the package is nix/package.nix" flakePackage.builtFrom (toString ../package.nix))
  (equal "flake: apps.<system>.default runs the package" (lib.mapAttrs (_: apps: { inherit (apps.default) type program; }) outputs.apps)
    (everySystem { type = "app"; program = "${flakePackage}/bin/atlassian-mcp"; }))
  (equal "flake: checks.<system>.{package,module-tests,vm} on Linux" (perSystemNames "checks")
    (lib.genAttrs linuxSystems (_: [ "module-tests" "package" "vm" ])))
  (equal "flake: the VM test is named atlassian-mcp" outputs.checks.x86_64-linux.vm.name "vm-test-run-atlassian-mcp")
  (equal "flake: devShells.<system>.default has node and the nix tooling" (lib.mapAttrs (_: shells: shells.default.packages) outputs.devShells)
    (everySystem [ "nodejs" "esbuild" "nix" "nixfmt" ]))
  (equal "flake: formatter.<system> is nixfmt" (lib.mapAttrs (_: formatter: formatter.name) outputs.formatter) (everySystem "nixfmt"))
  (equal "flake: overlays.default adds pkgs.atlassian-mcp"
    ((outputs.overlays.default (pkgsFor "x86_64-linux") { }).atlassian-mcp.builtFrom) (toString ../package.nix))
  (equal "flake: nixosModules.{default,atlassian-mcp}" (lib.attrNames outputs.nixosModules) [ "atlassian-mcp" "default" ])
  (equal "flake: homeManagerModules.{default,atlassian-mcp}" (lib.attrNames outputs.homeManagerModules) [ "atlassian-mcp" "default" ])
  (equal "flake: nixosModules.default defaults `package` to the flake's package"
    (map (p: lib.last (lib.splitString "\n" (lib.removeSuffix "\n" p.text)))
      (evalModule stubs.nixos outputs.nixosModules.default minimal).environment.systemPackages)
    [ "exec ${flakePackage}/bin/atlassian-mcp \"$@\"" ])
  (equal "flake: homeManagerModules.default defaults `package` to the flake's package"
    (map (p: lib.last (lib.splitString "\n" (lib.removeSuffix "\n" p.text)))
      (evalModule stubs.homeManager outputs.homeManagerModules.default minimal).home.packages)
    [ "exec ${flakePackage}/bin/atlassian-mcp \"$@\"" ])

  # flake.lock: version 7, nixpkgs pinned to a full revision of the NixOS release branch flake.nix names.
  (equal "flake.lock: version 7 with one input, nixpkgs" [ lock.version (lib.attrNames lock.nodes.${lock.root}.inputs) ] [ 7 [ "nixpkgs" ] ])
  (equal "flake.lock: nixpkgs follows the release branch named in flake.nix"
    "github:${nixpkgsNode.original.owner}/${nixpkgsNode.original.repo}/${nixpkgsNode.original.ref}" flake.inputs.nixpkgs.url)
  (check "flake.lock: nixpkgs is locked to a revision with its NAR hash and date" (
    nixpkgsNode.locked.type == "github"
    && builtins.match "[0-9a-f]{40}" nixpkgsNode.locked.rev != null
    && builtins.match "sha256-[A-Za-z0-9+/]{43}=" nixpkgsNode.locked.narHash != null
    && builtins.isInt nixpkgsNode.locked.lastModified
    && builtins.match "nixos-[0-9]{2}\\.[0-9]{2}" nixpkgsNode.original.ref != null
  ) "flake.lock's nixpkgs node lacks a full rev, an SRI narHash, lastModified, or a nixos-YY.MM ref")
]
