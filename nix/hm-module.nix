# home-manager module: features.ai.mcp.atlassian for those who manage their user with home-manager.
# The same options as the NixOS module (minus `user` and `systemService`: the service is this
# user's own), the hardened user service on a socket, the configured `atlassian-mcp` command, and
# the `mcpServers` entry MCP clients read, optionally written into their configuration files.
{
  config,
  lib,
  pkgs,
  ...
}:

let
  inherit (lib)
    attrNames
    literalExpression
    mkEnableOption
    mkIf
    mkMerge
    mkOption
    optionalAttrs
    types
    ;

  cfg = config.features.ai.mcp.atlassian;
  settings = import ./settings.nix { inherit lib; };

  samePath = _credential: path: path;
  environment = settings.unitEnvironment false (
    settings.productEnvironment cfg samePath // settings.serviceEnvironment cfg samePath
  );

  wrapper = pkgs.writeShellScriptBin "atlassian-mcp" (settings.wrapperText cfg);

  # home-manager writes each list item as its own Environment= line; quoted like NixOS does, so a
  # value with spaces stays one variable.
  environmentLines = map (name: builtins.toJSON "${name}=${environment.${name}}") (attrNames environment);

  description = "atlassian-mcp: MCP server for Jira and Confluence";
in
{
  options.features.ai.mcp.atlassian = import ./options.nix {
    inherit lib;
    defaultPackage = pkgs.atlassian-mcp or (pkgs.callPackage ./package.nix { });
    defaultPackageText = literalExpression "pkgs.atlassian-mcp (this flake's overlay or package), else pkgs.callPackage ./nix/package.nix { }";
  } // {
    enable = mkEnableOption "atlassian-mcp, the MCP server for Jira and Confluence";

    mcpServers = mkOption {
      type = types.attrsOf (types.attrsOf types.anything);
      readOnly = true;
      default = {
        atlassian = {
          command = "${wrapper}/bin/atlassian-mcp";
          args = [ ];
        };
      };
      defaultText = literalExpression ''{ atlassian = { command = "<the configured atlassian-mcp>/bin/atlassian-mcp"; args = [ ]; }; }'';
      description = "The `mcpServers` entry of Claude Desktop, Cursor and similar clients: the configured command over stdio, so no token is written anywhere.";
    };

    clientConfigFiles = mkOption {
      type = types.listOf types.str;
      default = [ ];
      example = [ ".cursor/mcp.json" ];
      description = "Files, relative to the home directory, written as `{ \"mcpServers\": ... }` with `mcpServers`. home-manager then owns the whole file.";
    };
  };

  config = mkIf cfg.enable (mkMerge [
    {
      assertions = settings.assertions cfg "home-manager";
      warnings = settings.warnings cfg "home-manager";
      home.packages = [ wrapper ];
      home.file = lib.listToAttrs (
        map (path: lib.nameValuePair path { text = builtins.toJSON { inherit (cfg) mcpServers; }; }) cfg.clientConfigFiles
      );
    }

    (mkIf cfg.service.enable {
      systemd.user.services.atlassian-mcp = {
        Unit = {
          Description = description;
        } // optionalAttrs cfg.service.socketActivation {
          Requires = [ "atlassian-mcp.socket" ];
          After = [ "atlassian-mcp.socket" ];
        };
        Service = settings.hardening // {
          ExecStart = "${cfg.package}/bin/atlassian-mcp";
          Environment = environmentLines;
          Restart = "on-failure";
          RestartSec = "2s";
        } // optionalAttrs (settings.readWritePaths cfg != [ ]) {
          ReadWritePaths = settings.readWritePaths cfg;
        };
        Install = optionalAttrs (!cfg.service.socketActivation) { WantedBy = [ "default.target" ]; };
      };

      systemd.user.sockets.atlassian-mcp = mkIf cfg.service.socketActivation {
        Unit.Description = "${description} (socket)";
        Socket.ListenStream = [ (settings.listenAddress cfg) ];
        Install.WantedBy = [ "sockets.target" ];
      };
    })
  ]);
}
