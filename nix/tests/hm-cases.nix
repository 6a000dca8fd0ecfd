# The home-manager module against strict declarations of home-manager's options.
{
  lib,
  harness,
  stubs,
  secrets,
}:

let
  inherit (harness) equal check throws failedAssertions;

  prefix = "features.ai.mcp.atlassian";

  evalWith =
    settings:
    (lib.evalModules {
      modules = [
        stubs.homeManager
        ../hm-module.nix
        { config._module.args.pkgs = stubs.pkgs; }
        { config.features.ai.mcp.atlassian = { enable = true; package = stubs.package; } // settings; }
      ];
    }).config;

  mixed = evalWith {
    mode = "cloud";
    jira = { enable = true; url = "https://example.atlassian.net"; username = "me@example.com"; tokenFile = secrets.jiraToken; };
    confluence = { enable = true; url = "https://confluence.example.com"; patFile = secrets.confluencePat; };
    service.authTokenFile = secrets.mcpToken;
    extraEnvironment.ATTACHMENTS_DIR = "/home/me/atlassian files";
    clientConfigFiles = [ ".cursor/mcp.json" ];
  };
  service = mixed.systemd.user.services.atlassian-mcp;
  socket = mixed.systemd.user.sockets.atlassian-mcp;
  wrapper = lib.head mixed.home.packages;
in
[
  (equal "home-manager: the mixed deployment passes" [ (failedAssertions mixed) mixed.warnings ] [ [ ] [ ] ])
  (equal "home-manager: Environment= lines are quoted, one per variable" service.Service.Environment [
    "\"ATLASSIAN_MODE=cloud\""
    "\"ATTACHMENTS_DIR=/home/me/atlassian files\""
    "\"CONFLUENCE_PAT_FILE=${secrets.confluencePat}\""
    "\"CONFLUENCE_URL=https://confluence.example.com\""
    "\"JIRA_TOKEN_FILE=${secrets.jiraToken}\""
    "\"JIRA_URL=https://example.atlassian.net\""
    "\"JIRA_USERNAME=me@example.com\""
    "\"MCP_AUTH_TOKEN_FILE=${secrets.mcpToken}\""
    "\"MCP_HOST=127.0.0.1\""
    "\"MCP_PORT=8848\""
    "\"MCP_TRANSPORT=http\""
    "\"READ_ONLY_MODE=false\""
  ])
  (equal "home-manager: a socket-activated service with the same hardening" {
    requires = service.Unit.Requires;
    install = service.Install;
    exec = service.Service.ExecStart;
    noMdwe = !(service.Service ? MemoryDenyWriteExecute);
    protectSystem = service.Service.ProtectSystem;
    readWrite = service.Service.ReadWritePaths;
    listen = socket.Socket.ListenStream;
    socketInstall = socket.Install.WantedBy;
  } {
    requires = [ "atlassian-mcp.socket" ];
    install = { };
    exec = "${stubs.package}/bin/atlassian-mcp";
    noMdwe = true;
    protectSystem = "strict";
    readWrite = [ "/home/me/atlassian files" ];
    listen = [ "127.0.0.1:8848" ];
    socketInstall = [ "sockets.target" ];
  })
  (equal "home-manager: the client configuration file starts the configured command over stdio"
    (builtins.fromJSON mixed.home.file.".cursor/mcp.json".text)
    { mcpServers.atlassian = { command = "${wrapper}/bin/atlassian-mcp"; args = [ ]; }; })
  (check "home-manager: the wrapper holds paths, never secret content" (
    lib.all (canary: !(lib.hasInfix canary wrapper.text)) secrets.canaries
    && lib.hasInfix "export JIRA_TOKEN_FILE=${lib.escapeShellArg secrets.jiraToken}\n" wrapper.text
  ) "the home-manager wrapper misses JIRA_TOKEN_FILE or contains a secret")
  (equal "home-manager: no user is required, the other assertions apply" (failedAssertions (evalWith {
    mode = "cloud";
    jira = { enable = true; url = "https://example.atlassian.net"; username = "me@example.com"; tokenFile = /home/me/jira-token; };
  })) [
    "${prefix}.jira.tokenFile is a Nix path (/home/me/jira-token): Nix would copy the secret into the world-readable /nix/store. Give the path as a string instead, e.g. config.age.secrets.\"api-jira-token\".path or \"/run/agenix/api-jira-token\"."
    "${prefix}.service.authTokenFile must be set: HTTP clients authenticate with a bearer token read from it (e.g. config.age.secrets.\"atlassian-mcp-token\".path, made with `openssl rand -hex 32`). To serve on loopback without one, set service.allowUnauthenticated = true: every local process could then use your Atlassian access."
  ])
  (equal "home-manager: service.enable = false leaves only the command"
    (let c = evalWith { confluence = { enable = true; url = "https://confluence.example.com"; patFile = secrets.confluencePat; }; service.enable = false; }; in
      [ (failedAssertions c) (lib.attrNames c.systemd.user.services) (lib.attrNames c.systemd.user.sockets) (map (p: p.name) c.home.packages) ])
    [ [ ] [ ] [ ] [ "atlassian-mcp" ] ])
  (throws "home-manager: `user` is a NixOS-only option" (evalWith { user = "alice"; }).assertions)
]
