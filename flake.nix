{
  description = "atlassian-mcp: MCP server for Jira and Confluence (Cloud and Server/Data Center)";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-25.05";

  outputs =
    { self, nixpkgs }:
    let
      inherit (nixpkgs) lib;

      systems = [ "x86_64-linux" "aarch64-linux" "x86_64-darwin" "aarch64-darwin" ];
      # The module tests run systemd-analyze and the VM test boots NixOS: Linux only.
      linuxSystems = [ "x86_64-linux" "aarch64-linux" ];
      forAllSystems = f: lib.genAttrs systems (system: f system nixpkgs.legacyPackages.${system});

      # The modules default their `package` to this flake's build for the host's system.
      withFlakePackage =
        module:
        { lib, pkgs, ... }:
        {
          imports = [ module ];
          features.ai.mcp.atlassian.package = lib.mkDefault self.packages.${pkgs.stdenv.hostPlatform.system}.default;
        };
    in
    {
      packages = forAllSystems (
        _system: pkgs: rec {
          atlassian-mcp = pkgs.callPackage ./nix/package.nix { };
          default = atlassian-mcp;
        }
      );

      apps = forAllSystems (
        system: _pkgs: {
          default = {
            type = "app";
            program = lib.getExe self.packages.${system}.default;
            meta.description = "Serve MCP for Jira and Confluence over stdio (see atlassian-mcp --help)";
          };
        }
      );

      overlays.default = final: _prev: { atlassian-mcp = final.callPackage ./nix/package.nix { }; };

      nixosModules = {
        atlassian-mcp = withFlakePackage ./nix/module.nix;
        default = self.nixosModules.atlassian-mcp;
      };

      homeManagerModules = {
        atlassian-mcp = withFlakePackage ./nix/hm-module.nix;
        default = self.homeManagerModules.atlassian-mcp;
      };

      checks = lib.genAttrs linuxSystems (
        system:
        let
          pkgs = nixpkgs.legacyPackages.${system};
        in
        {
          package = self.packages.${system}.default;
          module-tests = pkgs.callPackage ./nix/tests/check.nix {
            src = self;
            nixpkgsSrc = nixpkgs;
          };
          vm = pkgs.testers.runNixOSTest (import ./nix/tests/vm.nix { inherit self; });
        }
      );

      devShells = forAllSystems (
        _system: pkgs: {
          default = pkgs.mkShell {
            packages = [
              pkgs.nodejs
              pkgs.esbuild
              pkgs.nix
              pkgs.nixfmt-rfc-style
            ];
          };
        }
      );

      formatter = forAllSystems (_system: pkgs: pkgs.nixfmt-rfc-style);
    };
}
