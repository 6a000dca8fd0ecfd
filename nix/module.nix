# NixOS module: features.ai.mcp.atlassian.
#
# A hardened systemd user service of `user` (or, with `systemService`, a system service with a
# dynamic user and LoadCredential) serving MCP over HTTP on a socket systemd owns, plus an
# `atlassian-mcp` command with the same configuration for MCP clients that speak stdio. Secrets are
# only ever named by path; the program reads them at run time.
{
  config,
  lib,
  pkgs,
  ...
}:

let
  inherit (lib)
    literalExpression
    mkEnableOption
    mkForce
    mkIf
    mkMerge
    mkOption
    types
    ;

  cfg = config.features.ai.mcp.atlassian;
  settings = import ./settings.nix { inherit lib; };

  userService = cfg.service.enable && !cfg.systemService;
  systemService = cfg.service.enable && cfg.systemService;

  # A user service reads the files where they are (agenix: owner = <user>); a system service gets
  # root-only files through LoadCredential and finds them under $CREDENTIALS_DIRECTORY (%d).
  fileRef = credential: path: if cfg.systemService then "%d/${credential}" else path;

  environment = settings.unitEnvironment cfg.systemService (
    settings.productEnvironment cfg fileRef // settings.serviceEnvironment cfg fileRef
  );

  wrapper = pkgs.writeShellScriptBin "atlassian-mcp" (settings.wrapperText cfg);

  description = "atlassian-mcp: MCP server for Jira and Confluence";
  execStart = "${cfg.package}/bin/atlassian-mcp";

  socket = {
    description = "${description} (socket)";
    wantedBy = [ "sockets.target" ];
    listenStreams = [ (settings.listenAddress cfg) ];
  };

  service = {
    inherit description environment;
    # No PATH of store paths: the program runs nothing, so its environment stays what the module sets.
    path = mkForce [ ];
    serviceConfig = settings.hardening // {
      ExecStart = execStart;
      Restart = "on-failure";
      RestartSec = "2s";
    } // lib.optionalAttrs (settings.readWritePaths cfg != [ ]) {
      ReadWritePaths = settings.readWritePaths cfg;
    };
  } // (
    if cfg.service.socketActivation then
      {
        requires = [ "atlassian-mcp.socket" ];
        after = [ "atlassian-mcp.socket" ];
      }
    else
      { wantedBy = [ (if cfg.systemService then "multi-user.target" else "default.target") ]; }
  );
in
{
  options.features.ai.mcp.atlassian = import ./options.nix {
    inherit lib;
    defaultPackage = pkgs.atlassian-mcp or (pkgs.callPackage ./package.nix { });
    defaultPackageText = literalExpression "pkgs.atlassian-mcp (this flake's overlay or package), else pkgs.callPackage ./nix/package.nix { }";
  } // {
    enable = mkEnableOption "atlassian-mcp, the MCP server for Jira and Confluence";

    user = mkOption {
      type = types.nullOr types.str;
      default = null;
      example = "alice";
      description = "Account whose systemd user service runs the server (the unit carries ConditionUser). Its secret files must be readable by this account: with agenix, `owner = \"<user>\"`.";
    };

    systemService = mkOption {
      type = types.bool;
      default = false;
      description = "Run a system service with a dynamic user instead of the user service. Secrets stay root-owned (mode 0400) and reach the process through LoadCredential, as `%d/<name>`.";
    };
  };

  config = mkIf cfg.enable (mkMerge [
    {
      assertions = settings.assertions cfg (if cfg.systemService then "system" else "user");
      warnings = settings.warnings cfg (if cfg.systemService then "system" else "user");
      environment.systemPackages = [ wrapper ];
    }

    (mkIf userService {
      systemd.user.services.atlassian-mcp = lib.recursiveUpdate service {
        unitConfig.ConditionUser = cfg.user;
      };
      systemd.user.sockets.atlassian-mcp = mkIf cfg.service.socketActivation (lib.recursiveUpdate socket {
        unitConfig.ConditionUser = cfg.user;
      });
    })

    (mkIf systemService {
      systemd.services.atlassian-mcp = lib.recursiveUpdate service {
        serviceConfig = {
          DynamicUser = true;
          LoadCredential = map (secret: "${secret.credential}:${secret.path}") (settings.usedSecrets cfg);
        };
      };
      systemd.sockets.atlassian-mcp = mkIf cfg.service.socketActivation socket;
    })
  ]);
}
