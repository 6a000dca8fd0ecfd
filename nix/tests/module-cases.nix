# The NixOS module against strict option declarations: the deployments of docs/nixos.md, every
# assertion and warning message, the unit environment and the wrapper.
{
  lib,
  harness,
  stubs,
  secrets,
}:

let
  inherit (harness) equal check throws failedAssertions allStrings;
  inherit (lib) hasInfix hasPrefix;

  prefix = "features.ai.mcp.atlassian";

  evalWith =
    settings:
    (lib.evalModules {
      modules = [
        stubs.nixos
        ../module.nix
        { config._module.args.pkgs = stubs.pkgs; }
        { config.features.ai.mcp.atlassian = settings; }
      ];
    }).config;

  # A working base: the user service for alice with its HTTP token.
  base = {
    enable = true;
    package = stubs.package;
    user = "alice";
    service.authTokenFile = secrets.mcpToken;
  };
  with' = settings: evalWith (lib.recursiveUpdate base settings);

  jiraCloud = { enable = true; url = "https://example.atlassian.net"; username = "me@example.com"; tokenFile = secrets.jiraToken; };
  confluenceCloud = { enable = true; url = "https://example.atlassian.net/wiki"; username = "me@example.com"; tokenFile = secrets.confluenceToken; };
  jiraDc = { enable = true; url = "https://jira.example.com"; patFile = secrets.jiraPat; };
  confluenceDc = { enable = true; url = "https://confluence.example.com"; patFile = secrets.confluencePat; };

  httpEnv = {
    MCP_TRANSPORT = "http";
    MCP_HOST = "127.0.0.1";
    MCP_PORT = "8848";
    MCP_AUTH_TOKEN_FILE = secrets.mcpToken;
  };

  userEnv = config: config.systemd.user.services.atlassian-mcp.environment;
  wrapperOf = config: (lib.head config.environment.systemPackages).text;

  cloud = with' { mode = "cloud"; jira = jiraCloud; confluence = confluenceCloud; };
  selfHosted = with' { mode = "self-hosted"; jira = jiraDc; confluence = confluenceDc; };
  # The issue's example, verbatim: Jira Cloud and Confluence Data Center with mode = "cloud".
  mixed = with' {
    mode = "cloud";
    jira = { enable = true; url = "https://example.atlassian.net"; username = "me@example.com"; tokenFile = secrets.jiraToken; };
    confluence = { enable = true; url = "https://confluence.example.com"; patFile = secrets.confluencePat; };
  };
  jiraOnly = with' { mode = "cloud"; jira = jiraCloud; };
  confluenceOnly = with' { confluence = confluenceDc; };
  systemWide = with' {
    systemService = true;
    user = null;
    mode = "cloud";
    jira = jiraCloud;
    confluence = confluenceDc;
  };

  deployments = { inherit cloud selfHosted mixed jiraOnly confluenceOnly systemWide; };

  # Messages of a configuration that should fail exactly these assertions.
  assertionCase = name: settings: expected: equal "assertion: ${name}" (failedAssertions (with' settings)) expected;
  warningCase = name: settings: expected: equal "warning: ${name}" (with' settings).warnings expected;

  storeDir = builtins.storeDir;
in
[
  # --- deployments -------------------------------------------------------------------------------
  (equal "cloud: no failed assertion, no warning" [ (failedAssertions cloud) cloud.warnings ] [ [ ] [ ] ])
  (equal "cloud: the unit environment carries URLs, usernames, *_FILE paths and the mode" (userEnv cloud) (httpEnv // {
    ATLASSIAN_MODE = "cloud";
    READ_ONLY_MODE = "false";
    JIRA_URL = "https://example.atlassian.net";
    JIRA_USERNAME = "me@example.com";
    JIRA_TOKEN_FILE = secrets.jiraToken;
    CONFLUENCE_URL = "https://example.atlassian.net/wiki";
    CONFLUENCE_USERNAME = "me@example.com";
    CONFLUENCE_TOKEN_FILE = secrets.confluenceToken;
  }))
  (equal "self-hosted: PATs, no usernames" [ (failedAssertions selfHosted) selfHosted.warnings (userEnv selfHosted) ] [ [ ] [ ] (httpEnv // {
    ATLASSIAN_MODE = "self-hosted";
    READ_ONLY_MODE = "false";
    JIRA_URL = "https://jira.example.com";
    JIRA_PAT_FILE = secrets.jiraPat;
    CONFLUENCE_URL = "https://confluence.example.com";
    CONFLUENCE_PAT_FILE = secrets.confluencePat;
  }) ])
  (equal "self-hosted with username + password" (userEnv (with' {
    mode = "self-hosted";
    jira = { enable = true; url = "https://jira.example.com"; username = "jdoe"; tokenFile = secrets.jiraToken; };
  })) (httpEnv // {
    ATLASSIAN_MODE = "self-hosted";
    READ_ONLY_MODE = "false";
    JIRA_URL = "https://jira.example.com";
    JIRA_USERNAME = "jdoe";
    JIRA_TOKEN_FILE = secrets.jiraToken;
  }))
  (equal "mixed (the issue's example): Jira Cloud with Basic, Confluence DC with its PAT" [ (failedAssertions mixed) mixed.warnings (userEnv mixed) ] [ [ ] [ ] (httpEnv // {
    ATLASSIAN_MODE = "cloud";
    READ_ONLY_MODE = "false";
    JIRA_URL = "https://example.atlassian.net";
    JIRA_USERNAME = "me@example.com";
    JIRA_TOKEN_FILE = secrets.jiraToken;
    CONFLUENCE_URL = "https://confluence.example.com";
    CONFLUENCE_PAT_FILE = secrets.confluencePat;
  }) ])
  (equal "Jira-only: no Confluence variable" (lib.attrNames (lib.filterAttrs (name: _: hasPrefix "CONFLUENCE" name) (userEnv jiraOnly))) [ ])
  (equal "Jira-only: passes" [ (failedAssertions jiraOnly) jiraOnly.warnings ] [ [ ] [ ] ])
  (equal "Confluence-only (DC PAT): no mode needed, no Jira variable" [ (failedAssertions confluenceOnly) (userEnv confluenceOnly) ] [ [ ] (httpEnv // {
    READ_ONLY_MODE = "false";
    CONFLUENCE_URL = "https://confluence.example.com";
    CONFLUENCE_PAT_FILE = secrets.confluencePat;
  }) ])

  # --- the user service and its socket ------------------------------------------------------------
  (equal "user service: ConditionUser on service and socket, socket-activated on loopback" (
    let
      service = cloud.systemd.user.services.atlassian-mcp;
      socket = cloud.systemd.user.sockets.atlassian-mcp;
    in
    {
      serviceUser = service.unitConfig.ConditionUser;
      socketUser = socket.unitConfig.ConditionUser;
      inherit (socket) listenStreams;
      socketWantedBy = socket.wantedBy;
      inherit (service) requires after wantedBy path;
      exec = service.serviceConfig.ExecStart;
      restart = service.serviceConfig.Restart;
    }
  ) {
    serviceUser = "alice";
    socketUser = "alice";
    listenStreams = [ "127.0.0.1:8848" ];
    socketWantedBy = [ "sockets.target" ];
    wantedBy = [ ];
    requires = [ "atlassian-mcp.socket" ];
    after = [ "atlassian-mcp.socket" ];
    path = [ ];
    exec = "${stubs.package}/bin/atlassian-mcp";
    restart = "on-failure";
  })
  (check "user service: hardened for Node (no MemoryDenyWriteExecute)" (
    let
      sc = cloud.systemd.user.services.atlassian-mcp.serviceConfig;
    in
    !(sc ? MemoryDenyWriteExecute) && sc.NoNewPrivileges && sc.ProtectSystem == "strict" && sc.PrivateTmp
    && sc.CapabilityBoundingSet == "" && sc.SystemCallArchitectures == "native" && sc.UMask == "0077"
  ) "serviceConfig lacks the expected hardening or sets MemoryDenyWriteExecute")
  (equal "user service: no system service or socket is defined" [ (lib.attrNames cloud.systemd.services) (lib.attrNames cloud.systemd.sockets) ] [ [ ] [ ] ])
  (equal "without socket activation the service starts with the user session and binds itself"
    (let c = with' { mode = "cloud"; jira = jiraCloud; service.socketActivation = false; }; in
      [ (lib.attrNames c.systemd.user.sockets) c.systemd.user.services.atlassian-mcp.wantedBy c.systemd.user.services.atlassian-mcp.requires ])
    [ [ ] [ "default.target" ] [ ] ])
  (equal "an IPv6 host is bracketed in ListenStream"
    (with' { mode = "cloud"; jira = jiraCloud; service.host = "::1"; service.port = 9000; }).systemd.user.sockets.atlassian-mcp.listenStreams
    [ "[::1]:9000" ])
  (equal "service.enable = false: only the command, and no user needed"
    (let c = with' { mode = "cloud"; jira = jiraCloud; user = null; service.enable = false; service.authTokenFile = null; }; in
      [ (failedAssertions c) (lib.attrNames c.systemd.user.services) (map (p: p.name) c.environment.systemPackages) ])
    [ [ ] [ ] [ "atlassian-mcp" ] ])
  (equal "allowUnauthenticated on loopback replaces the token"
    (let e = userEnv (with' { mode = "cloud"; jira = jiraCloud; service.authTokenFile = null; service.allowUnauthenticated = true; }); in
      [ (e.MCP_ALLOW_UNAUTHENTICATED or null) (e ? MCP_AUTH_TOKEN_FILE) ])
    [ "true" false ])

  # --- tool selection, extra variables, specifiers -----------------------------------------------
  (equal "readOnly, toolsets, filters and extraEnvironment reach the environment; % is escaped for systemd" (
    let
      e = userEnv (with' {
        mode = "cloud";
        jira = jiraCloud;
        readOnly = true;
        toolsets = [ "default" "jira_issues" ];
        projectsFilter = [ "PROJ" "OPS" ];
        spacesFilter = [ "DOC" "~alice" ];
        extraEnvironment = { LOG_LEVEL = "debug"; ATTACHMENTS_DIR = "/home/alice/atlassian%20files"; };
      });
    in
    { inherit (e) READ_ONLY_MODE TOOLSETS JIRA_PROJECTS_FILTER CONFLUENCE_SPACES_FILTER LOG_LEVEL ATTACHMENTS_DIR; }
  ) {
    READ_ONLY_MODE = "true";
    TOOLSETS = "default,jira_issues";
    JIRA_PROJECTS_FILTER = "PROJ,OPS";
    CONFLUENCE_SPACES_FILTER = "DOC,~alice";
    LOG_LEVEL = "debug";
    ATTACHMENTS_DIR = "/home/alice/atlassian%%20files";
  })
  (equal "a % in a secret path is escaped in the unit, not in the wrapper" (
    let
      c = with' { mode = "cloud"; jira = jiraCloud // { tokenFile = "/run/agenix/jira%token"; }; };
    in
    [ (userEnv c).JIRA_TOKEN_FILE (lib.filter (lib.hasPrefix "export JIRA_TOKEN_FILE=") (lib.splitString "\n" (wrapperOf c))) ]
  ) [ "/run/agenix/jira%%token" [ "export JIRA_TOKEN_FILE=${lib.escapeShellArg "/run/agenix/jira%token"}" ] ])
  (equal "ATTACHMENTS_DIR stays writable under ProtectSystem=strict"
    (with' { mode = "cloud"; jira = jiraCloud; extraEnvironment.ATTACHMENTS_DIR = "/home/alice/files"; }).systemd.user.services.atlassian-mcp.serviceConfig.ReadWritePaths
    [ "/home/alice/files" ])
  (throws "a filter item with a comma is refused by its type" (with' { mode = "cloud"; jira = jiraCloud; projectsFilter = [ "A,B" ]; }).systemd.user.services.atlassian-mcp.environment)

  # --- system service (DynamicUser + LoadCredential) ---------------------------------------------
  (equal "systemService: credentials by LoadCredential, *_FILE as %d/<name>, no user unit" (
    let
      service = systemWide.systemd.services.atlassian-mcp;
    in
    {
      assertions = failedAssertions systemWide;
      userUnits = lib.attrNames systemWide.systemd.user.services;
      dynamicUser = service.serviceConfig.DynamicUser;
      credentials = service.serviceConfig.LoadCredential;
      files = lib.filterAttrs (name: _: lib.hasSuffix "_FILE" name) service.environment;
      listen = systemWide.systemd.sockets.atlassian-mcp.listenStreams;
      conditionUser = service.unitConfig.ConditionUser or null;
    }
  ) {
    assertions = [ ];
    userUnits = [ ];
    dynamicUser = true;
    credentials = [
      "jira-token:${secrets.jiraToken}"
      "confluence-pat:${secrets.confluencePat}"
      "mcp-auth-token:${secrets.mcpToken}"
    ];
    files = {
      JIRA_TOKEN_FILE = "%d/jira-token";
      CONFLUENCE_PAT_FILE = "%d/confluence-pat";
      MCP_AUTH_TOKEN_FILE = "%d/mcp-auth-token";
    };
    listen = [ "127.0.0.1:8848" ];
    conditionUser = null;
  })
  (equal "systemService loads only the secrets the program reads (an ignored patFile is not loaded)"
    (with' { systemService = true; user = null; mode = "cloud"; jira = jiraCloud // { patFile = secrets.jiraPat; }; }).systemd.services.atlassian-mcp.serviceConfig.LoadCredential
    [ "jira-token:${secrets.jiraToken}" "mcp-auth-token:${secrets.mcpToken}" ])

  # --- secrets never in the store ----------------------------------------------------------------
  (check "no store path and no secret content in any unit environment" (
    lib.all (config:
      lib.all (value: !(hasInfix "/nix/store" value) && !(hasInfix storeDir value) && lib.all (canary: !(hasInfix canary value)) secrets.canaries)
        (allStrings (lib.mapAttrsToList (_: service: service.environment) (config.systemd.user.services // config.systemd.services)))
    ) (lib.attrValues deployments)
  ) "a unit environment holds a store path or the content of a secret file")
  (check "no secret content in units or wrappers" (
    lib.all (config:
      let
        rendered = builtins.toJSON {
          units = lib.mapAttrs (_: service: { inherit (service) environment serviceConfig unitConfig; }) (config.systemd.user.services // config.systemd.services);
          wrapper = wrapperOf config;
        };
      in
      lib.all (canary: !(hasInfix canary rendered)) secrets.canaries
    ) (lib.attrValues deployments)
  ) "the content of a secret file appears in a unit or in the wrapper")

  # --- the stdio wrapper -------------------------------------------------------------------------
  (equal "wrapper: exports the product configuration (not the HTTP transport) and execs the package" (
    let
      lines = lib.splitString "\n" (wrapperOf mixed);
    in
    {
      exports = builtins.filter (line: hasPrefix "export " line) lines;
      last = lib.last (builtins.filter (line: line != "") lines);
    }
  ) {
    exports = map (line: "export ${line}") [
      "ATLASSIAN_MODE=${lib.escapeShellArg "cloud"}"
      "CONFLUENCE_PAT_FILE=${lib.escapeShellArg secrets.confluencePat}"
      "CONFLUENCE_URL=${lib.escapeShellArg "https://confluence.example.com"}"
      "JIRA_TOKEN_FILE=${lib.escapeShellArg secrets.jiraToken}"
      "JIRA_URL=${lib.escapeShellArg "https://example.atlassian.net"}"
      "JIRA_USERNAME=${lib.escapeShellArg "me@example.com"}"
      "READ_ONLY_MODE=${lib.escapeShellArg "false"}"
    ];
    last = "exec ${stubs.package}/bin/atlassian-mcp \"$@\"";
  })
  (equal "wrapper: a systemService configuration still names the real files (not %d)" (
    builtins.filter (line: hasInfix "_FILE=" line) (lib.splitString "\n" (wrapperOf systemWide))
  ) [
    "export CONFLUENCE_PAT_FILE=${lib.escapeShellArg secrets.confluencePat}"
    "export JIRA_TOKEN_FILE=${lib.escapeShellArg secrets.jiraToken}"
  ])
  (equal "module disabled: nothing is added"
    (let c = evalWith { enable = false; package = stubs.package; }; in
      [ c.environment.systemPackages c.systemd.user.services c.systemd.services c.assertions c.warnings ])
    [ [ ] { } { } [ ] [ ] ])

  # --- assertions: one case per message ----------------------------------------------------------
  (assertionCase "no product enabled" { mode = "cloud"; } [
    "${prefix}: no product is enabled. Set jira.enable = true and/or confluence.enable = true, each with its url and credentials."
  ])
  (assertionCase "enabled product without url" { mode = "cloud"; jira = jiraCloud // { url = null; }; } [
    "${prefix}.jira.url must be set because jira.enable = true, e.g. \"https://example.atlassian.net\" (Cloud) or \"https://jira.example.com\" (Server/Data Center)."
  ])
  (assertionCase "url that is not http(s)" { mode = "cloud"; jira = jiraCloud // { url = "example.atlassian.net"; }; } [
    "${prefix}.jira.url = \"example.atlassian.net\" is not an http(s) URL without query or fragment: write it like \"https://example.atlassian.net\"."
  ])
  (assertionCase "mode unset where the URL cannot tell" { jira = { enable = true; url = "https://jira.example.com"; username = "jdoe"; tokenFile = secrets.jiraToken; }; } [
    "${prefix}.mode must be set: ${prefix}.jira.url (https://jira.example.com) does not tell whether Jira is Atlassian Cloud or Server/Data Center. Set mode = \"cloud\" (account email + API token) or mode = \"self-hosted\" (personal access token, or username + password)."
  ])
  (assertionCase "cloud without tokenFile" { mode = "cloud"; confluence = confluenceCloud // { tokenFile = null; }; } [
    "${prefix}.confluence: Confluence on Atlassian Cloud signs in with the account email and an API token; set confluence.tokenFile (e.g. username = \"me@example.com\"; tokenFile = config.age.secrets.\"api-confluence-token\".path)."
  ])
  (assertionCase "a Cloud host with only a PAT" { jira = { enable = true; url = "https://example.atlassian.net"; patFile = secrets.jiraPat; }; } [
    "${prefix}.jira: Jira on Atlassian Cloud signs in with the account email and an API token; set jira.username and jira.tokenFile (e.g. username = \"me@example.com\"; tokenFile = config.age.secrets.\"api-jira-token\".path). Cloud does not accept personal access tokens, so jira.patFile cannot be used."
  ])
  (assertionCase "self-hosted without credentials" { mode = "self-hosted"; jira = { enable = true; url = "https://jira.example.com"; username = "jdoe"; }; } [
    "${prefix}.jira: Jira Server/Data Center needs jira.patFile (a personal access token) or jira.username + jira.tokenFile (the account password); missing: jira.tokenFile."
  ])
  (assertionCase "a secret given as a Nix path literal" { mode = "cloud"; jira = jiraCloud // { tokenFile = /etc/nixos/secrets/jira-token; }; } [
    "${prefix}.jira.tokenFile is a Nix path (/etc/nixos/secrets/jira-token): Nix would copy the secret into the world-readable /nix/store. Give the path as a string instead, e.g. config.age.secrets.\"api-jira-token\".path or \"/run/agenix/api-jira-token\"."
  ])
  (assertionCase "a secret in the Nix store" { mode = "self-hosted"; confluence = confluenceDc // { patFile = "/nix/store/00000000000000000000000000000000-confluence-pat"; }; } [
    "${prefix}.confluence.patFile = \"/nix/store/00000000000000000000000000000000-confluence-pat\" is in the Nix store, which every user can read: keep the secret outside the store (agenix decrypts to /run/agenix, sops-nix to /run/secrets) and give that path as a string."
  ])
  (assertionCase "a relative secret path" { mode = "cloud"; jira = jiraCloud; service.authTokenFile = "secrets/mcp-token"; } [
    "${prefix}.service.authTokenFile = \"secrets/mcp-token\" must be an absolute path (e.g. \"/run/agenix/api-jira-token\"): the service does not run in the directory of your configuration."
  ])
  (assertionCase "user service without user" { mode = "cloud"; jira = jiraCloud; user = null; } [
    "${prefix}.user must name the account whose systemd user service runs the server (e.g. user = \"alice\"), because service.enable = true. Alternatively set systemService = true (a system service with its own dynamic user) or service.enable = false (only the atlassian-mcp command for stdio clients)."
  ])
  (assertionCase "HTTP service without a token" { mode = "cloud"; jira = jiraCloud; service.authTokenFile = null; } [
    "${prefix}.service.authTokenFile must be set: HTTP clients authenticate with a bearer token read from it (e.g. config.age.secrets.\"atlassian-mcp-token\".path, made with `openssl rand -hex 32`). To serve on loopback without one, set service.allowUnauthenticated = true: every local process could then use your Atlassian access."
  ])
  (assertionCase "unauthenticated on a reachable address" { mode = "cloud"; jira = jiraCloud; service = { authTokenFile = null; allowUnauthenticated = true; host = "0.0.0.0"; }; } [
    "${prefix}.service.allowUnauthenticated = true is refused with service.host = \"0.0.0.0\", which other machines can reach: set service.authTokenFile, or service.host = \"127.0.0.1\"."
  ])
  (assertionCase "a token in extraEnvironment" { mode = "cloud"; jira = jiraCloud; extraEnvironment.JIRA_API_TOKEN = "x"; } [
    "${prefix}.extraEnvironment.JIRA_API_TOKEN would write a token into the unit, which is stored world-readable in /nix/store: put it in a file and set ${prefix}.jira.tokenFile."
  ])
  (assertionCase "a managed variable in extraEnvironment" { mode = "cloud"; jira = jiraCloud; extraEnvironment.MCP_PORT = "9000"; } [
    "${prefix}.extraEnvironment.MCP_PORT is set by the module: use ${prefix}.service.port instead."
  ])

  # --- warnings: one case per message ------------------------------------------------------------
  (warningCase "a configured product left disabled" { mode = "cloud"; jira = jiraCloud; confluence = confluenceDc // { enable = false; }; } [
    "${prefix}.confluence is configured but confluence.enable = false: the Confluence tools stay off. Set confluence.enable = true to use them."
  ])
  (warningCase "patFile ignored on Cloud" { mode = "cloud"; jira = jiraCloud // { patFile = secrets.jiraPat; }; } [
    "${prefix}.jira.patFile is ignored: Jira on Atlassian Cloud (mode = \"cloud\") signs in with jira.username + jira.tokenFile. Remove patFile."
  ])
  (warningCase "username and tokenFile ignored next to a PAT" { mode = "self-hosted"; jira = jiraDc // { username = "jdoe"; tokenFile = secrets.jiraToken; }; } [
    "${prefix}.jira.username and jira.tokenFile are ignored: with jira.patFile (a personal access token) Jira uses Bearer auth. Remove them, or remove patFile to sign in with the password."
  ])
  (warningCase "self-hosted mode for a Cloud host" { mode = "self-hosted"; jira = jiraCloud; } [
    "${prefix}.mode = \"self-hosted\" does not apply to ${prefix}.jira.url (https://example.atlassian.net), an Atlassian Cloud host: Jira is treated as Cloud."
  ])
  (warningCase "user with systemService" { systemService = true; mode = "cloud"; jira = jiraCloud; } [
    "${prefix}.user is ignored: systemService = true runs the server as a dynamic system user."
  ])
  (warningCase "authTokenFile without a service" { mode = "cloud"; jira = jiraCloud; service.enable = false; } [
    "${prefix}.service.authTokenFile is ignored: service.enable = false, so nothing serves HTTP."
  ])
  (warningCase "allowUnauthenticated next to a token" { mode = "cloud"; jira = jiraCloud; service.allowUnauthenticated = true; } [
    "${prefix}.service.allowUnauthenticated is ignored: service.authTokenFile is set, so clients must send the token."
  ])

  # --- strictness --------------------------------------------------------------------------------
  (throws "a misspelt module option is refused" (with' { mode = "cloud"; jira = jiraCloud // { tokenfile = secrets.jiraToken; }; }).assertions)
  (throws "a mode outside cloud|self-hosted is refused" (with' { mode = "server"; jira = jiraCloud; }).systemd.user.services.atlassian-mcp.environment)
  (throws "the stub declarations are strict: a misspelt unit option fails" (lib.evalModules {
    modules = [ stubs.nixos { config.systemd.user.services.x.serviceconfig = { }; } ];
  }).config.systemd.user.services)
  (equal "the stub declarations accept the correctly spelt option" (lib.evalModules {
    modules = [ stubs.nixos { config.systemd.user.services.x.serviceConfig.Type = "simple"; } ];
  }).config.systemd.user.services.x.serviceConfig { Type = "simple"; })
]
