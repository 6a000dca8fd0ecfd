# What the NixOS and home-manager modules derive from `features.ai.mcp.atlassian`: the environment
# the program sees, the assertions and warnings, the unit hardening and the stdio wrapper. Pure
# functions of the configuration, so both modules (and nix/tests) agree on every byte.
{ lib }:

let
  inherit (lib)
    attrNames
    concatMapStrings
    concatStringsSep
    elem
    filter
    hasInfix
    hasPrefix
    hasSuffix
    mapAttrs
    optional
    optionalAttrs
    optionals
    toLower
    ;

  prefix = "features.ai.mcp.atlassian";

  products = [
    { name = "jira"; label = "Jira"; env = "JIRA"; example = "https://example.atlassian.net"; }
    { name = "confluence"; label = "Confluence"; env = "CONFLUENCE"; example = "https://example.atlassian.net/wiki"; }
  ];

  # Regex on a scalar (a URL), not on a document.
  urlHost =
    url:
    let
      parts = builtins.match "[a-zA-Z][a-zA-Z0-9+.-]*://([^/?#@]*@)?([^/:?#]*).*" url;
    in
    if parts == null then "" else toLower (lib.elemAt parts 1);
  isHttpUrl = url: builtins.match "https?://[^/?#[:space:]]+(/[^?#[:space:]]*)?" url != null;
  isCloudHost = url: hasSuffix ".atlassian.net" (urlHost url) || hasSuffix ".jira.com" (urlHost url);

  isStorePath =
    value: hasPrefix "${builtins.storeDir}/" (toString value) || hasPrefix "/nix/store/" (toString value);

  # The runtime path of a secret option, never the file itself: toString of a path literal does not
  # copy it into the store (and the assertions refuse path literals anyway).
  pathString = value: if builtins.isPath value then toString value else value;

  # systemd expands specifiers (%d, %h, ...) in Environment= values; everything but our own %d
  # references must reach the program as written.
  escapeSpecifiers = lib.replaceStrings [ "%" ] [ "%%" ];

  isLoopback = host: host == "localhost" || host == "::1" || hasPrefix "127." host;
in
rec {
  inherit prefix isCloudHost urlHost;

  # "cloud" or "self-hosted" for one product, or null when nothing settles it (then `mode` must).
  productKind =
    cfg: product:
    let
      p = cfg.${product.name};
    in
    if p.url != null && isCloudHost p.url then
      "cloud"
    else if p.patFile != null && p.tokenFile == null then
      "self-hosted"
    else
      cfg.mode;

  # How one enabled product authenticates: "basic", "pat" or null (incomplete; an assertion says why).
  productAuth =
    cfg: product:
    let
      p = cfg.${product.name};
      kind = productKind cfg product;
      basicReady = p.username != null && p.tokenFile != null;
    in
    if kind == "cloud" then
      (if basicReady then "basic" else null)
    else if kind == "self-hosted" then
      (if p.patFile != null then "pat" else if basicReady then "basic" else null)
    else
      null;

  enabledProducts = cfg: filter (product: cfg.${product.name}.enable) products;

  # Every secret option that is set, with the credential name a system service loads it under.
  secretOptions =
    cfg:
    filter (secret: secret.value != null) (
      lib.concatMap (product: [
        { option = "${product.name}.tokenFile"; credential = "${product.name}-token"; value = cfg.${product.name}.tokenFile; }
        { option = "${product.name}.patFile"; credential = "${product.name}-pat"; value = cfg.${product.name}.patFile; }
      ]) products
      ++ [
        { option = "service.authTokenFile"; credential = "mcp-auth-token"; value = cfg.service.authTokenFile; }
      ]
    );

  # The secrets the program will actually read (an ignored patFile is not one of them): what a system
  # service must load with LoadCredential.
  usedSecrets =
    cfg:
    lib.concatMap (product:
      let
        p = cfg.${product.name};
        auth = productAuth cfg product;
      in
      optional (auth == "basic") { credential = "${product.name}-token"; path = pathString p.tokenFile; }
      ++ optional (auth == "pat") { credential = "${product.name}-pat"; path = pathString p.patFile; }
    ) (enabledProducts cfg)
    ++ optional (cfg.service.enable && cfg.service.authTokenFile != null) {
      credential = "mcp-auth-token";
      path = pathString cfg.service.authTokenFile;
    };

  # The variables for the products and tool selection. `fileRef credential path` gives what a *_FILE
  # variable holds: the path itself, or %d/<credential> under LoadCredential.
  productEnvironment =
    cfg: fileRef:
    lib.foldl' (acc: product:
      let
        p = cfg.${product.name};
        auth = productAuth cfg product;
      in
      acc
      // {
        "${product.env}_URL" = p.url;
      }
      // optionalAttrs (auth == "basic") {
        "${product.env}_USERNAME" = p.username;
        "${product.env}_TOKEN_FILE" = fileRef "${product.name}-token" (pathString p.tokenFile);
      }
      // optionalAttrs (auth == "pat") {
        "${product.env}_PAT_FILE" = fileRef "${product.name}-pat" (pathString p.patFile);
      }
    ) { } (enabledProducts cfg)
    // optionalAttrs (cfg.mode != null) { ATLASSIAN_MODE = cfg.mode; }
    // {
      READ_ONLY_MODE = lib.boolToString cfg.readOnly;
    }
    // optionalAttrs (cfg.toolsets != null) { TOOLSETS = concatStringsSep "," cfg.toolsets; }
    // optionalAttrs (cfg.projectsFilter != [ ]) { JIRA_PROJECTS_FILTER = concatStringsSep "," cfg.projectsFilter; }
    // optionalAttrs (cfg.spacesFilter != [ ]) { CONFLUENCE_SPACES_FILTER = concatStringsSep "," cfg.spacesFilter; }
    // cfg.extraEnvironment;

  # The HTTP transport variables of the service.
  serviceEnvironment =
    cfg: fileRef:
    {
      MCP_TRANSPORT = "http";
      MCP_HOST = cfg.service.host;
      MCP_PORT = toString cfg.service.port;
    }
    // (
      if cfg.service.authTokenFile != null then
        { MCP_AUTH_TOKEN_FILE = fileRef "mcp-auth-token" (pathString cfg.service.authTokenFile); }
      else
        optionalAttrs cfg.service.allowUnauthenticated { MCP_ALLOW_UNAUTHENTICATED = "true"; }
    );

  # Environment= values for a unit: specifiers escaped, except the %d/<credential> references a
  # system service's credential variables hold (`loadsCredentials`).
  unitEnvironment =
    loadsCredentials: environment:
    mapAttrs (
      name: value: if loadsCredentials && elem name credentialVariables then value else escapeSpecifiers value
    ) environment;

  credentialVariables = [
    "JIRA_TOKEN_FILE" "JIRA_PAT_FILE" "CONFLUENCE_TOKEN_FILE" "CONFLUENCE_PAT_FILE" "MCP_AUTH_TOKEN_FILE"
  ];

  listenAddress =
    cfg:
    let
      host = cfg.service.host;
    in
    if hasInfix ":" host then "[${host}]:${toString cfg.service.port}" else "${host}:${toString cfg.service.port}";

  # The `atlassian-mcp` command on PATH: the same product configuration as the service, for MCP
  # clients that start the server over stdio (and for `atlassian-mcp doctor`). It holds paths only.
  wrapperText =
    cfg:
    let
      environment = productEnvironment cfg (_credential: path: path);
    in
    ''
      # atlassian-mcp with the configuration of ${prefix} (secrets are read from their files at run time).
    ''
    + concatMapStrings (name: "export ${lib.toShellVar name environment.${name}}\n") (attrNames environment)
    + ''
      exec ${cfg.package}/bin/atlassian-mcp "$@"
    '';

  # Sandboxing that Node tolerates. No MemoryDenyWriteExecute: V8's JIT needs writable and
  # executable memory. @pkey: V8 uses memory protection keys where the CPU has them.
  hardening = {
    NoNewPrivileges = true;
    CapabilityBoundingSet = "";
    AmbientCapabilities = "";
    PrivateTmp = true;
    PrivateDevices = true;
    PrivateIPC = true;
    PrivateMounts = true;
    PrivateUsers = true;
    DevicePolicy = "closed";
    ProtectSystem = "strict";
    ProtectHome = "read-only";
    ProtectKernelTunables = true;
    ProtectKernelModules = true;
    ProtectKernelLogs = true;
    ProtectControlGroups = true;
    ProtectClock = true;
    ProtectHostname = true;
    ProtectProc = "invisible";
    ProcSubset = "pid";
    RestrictAddressFamilies = [ "AF_UNIX" "AF_INET" "AF_INET6" ];
    RestrictNamespaces = true;
    RestrictRealtime = true;
    RestrictSUIDSGID = true;
    LockPersonality = true;
    KeyringMode = "private";
    RemoveIPC = true;
    SystemCallArchitectures = "native";
    SystemCallFilter = [ "@system-service" "@pkey" "~@privileged" ];
    SystemCallErrorNumber = "EPERM";
    UMask = "0077";
  };

  # ProtectSystem=strict makes everything read-only; a configured attachments folder stays writable.
  readWritePaths = cfg: optional (cfg.extraEnvironment ? ATTACHMENTS_DIR) cfg.extraEnvironment.ATTACHMENTS_DIR;

  # Variables the module owns: setting them in extraEnvironment would fight the typed options.
  managedVariables = [
    "JIRA_URL" "JIRA_USERNAME" "JIRA_TOKEN_FILE" "JIRA_PAT_FILE"
    "CONFLUENCE_URL" "CONFLUENCE_USERNAME" "CONFLUENCE_TOKEN_FILE" "CONFLUENCE_PAT_FILE"
    "ATLASSIAN_MODE" "READ_ONLY_MODE" "TOOLSETS" "JIRA_PROJECTS_FILTER" "CONFLUENCE_SPACES_FILTER"
    "MCP_TRANSPORT" "MCP_HOST" "MCP_PORT" "MCP_AUTH_TOKEN_FILE" "MCP_ALLOW_UNAUTHENTICATED"
  ];
  managedOption = {
    JIRA_URL = "jira.url"; JIRA_USERNAME = "jira.username"; JIRA_TOKEN_FILE = "jira.tokenFile"; JIRA_PAT_FILE = "jira.patFile";
    CONFLUENCE_URL = "confluence.url"; CONFLUENCE_USERNAME = "confluence.username";
    CONFLUENCE_TOKEN_FILE = "confluence.tokenFile"; CONFLUENCE_PAT_FILE = "confluence.patFile";
    ATLASSIAN_MODE = "mode"; READ_ONLY_MODE = "readOnly"; TOOLSETS = "toolsets";
    JIRA_PROJECTS_FILTER = "projectsFilter"; CONFLUENCE_SPACES_FILTER = "spacesFilter";
    MCP_TRANSPORT = "service.enable"; MCP_HOST = "service.host"; MCP_PORT = "service.port";
    MCP_AUTH_TOKEN_FILE = "service.authTokenFile"; MCP_ALLOW_UNAUTHENTICATED = "service.allowUnauthenticated";
  };
  secretValueVariables = {
    JIRA_API_TOKEN = "jira.tokenFile"; JIRA_PERSONAL_TOKEN = "jira.patFile";
    CONFLUENCE_API_TOKEN = "confluence.tokenFile"; CONFLUENCE_PERSONAL_TOKEN = "confluence.patFile";
  };

  # `serviceKind`: "user" (systemd user service of `user`), "system" (DynamicUser + LoadCredential)
  # or "home-manager" (the home-manager user's own service).
  assertions =
    cfg: serviceKind:
    let
      secretAssertions = lib.concatMap (secret: [
        {
          assertion = !builtins.isPath secret.value;
          message = "${prefix}.${secret.option} is a Nix path (${toString secret.value}): Nix would copy the secret into the world-readable /nix/store. Give the path as a string instead, e.g. config.age.secrets.\"api-jira-token\".path or \"/run/agenix/api-jira-token\".";
        }
        {
          assertion = builtins.isPath secret.value || !isStorePath secret.value;
          message = "${prefix}.${secret.option} = \"${toString secret.value}\" is in the Nix store, which every user can read: keep the secret outside the store (agenix decrypts to /run/agenix, sops-nix to /run/secrets) and give that path as a string.";
        }
        {
          assertion = builtins.isPath secret.value || hasPrefix "/" secret.value;
          message = "${prefix}.${secret.option} = \"${toString secret.value}\" must be an absolute path (e.g. \"/run/agenix/api-jira-token\"): the service does not run in the directory of your configuration.";
        }
      ]) (secretOptions cfg);

      productAssertions = lib.concatMap (product:
        let
          p = cfg.${product.name};
          o = "${prefix}.${product.name}";
          kind = productKind cfg product;
          missing = filter (name: p.${name} == null) [ "username" "tokenFile" ];
          missingText = concatStringsSep " and " (map (name: "${product.name}.${name}") missing);
        in
        [
          {
            assertion = p.url != null;
            message = "${o}.url must be set because ${product.name}.enable = true, e.g. \"${product.example}\" (Cloud) or \"https://${product.name}.example.com\" (Server/Data Center).";
          }
          {
            assertion = p.url == null || isHttpUrl p.url;
            message = "${o}.url = \"${toString p.url}\" is not an http(s) URL without query or fragment: write it like \"${product.example}\".";
          }
          {
            assertion = p.url == null || kind != null;
            message = "${prefix}.mode must be set: ${o}.url (${toString p.url}) does not tell whether ${product.label} is Atlassian Cloud or Server/Data Center. Set mode = \"cloud\" (account email + API token) or mode = \"self-hosted\" (personal access token, or username + password).";
          }
          {
            assertion = kind != "cloud" || missing == [ ];
            message = "${o}: ${product.label} on Atlassian Cloud signs in with the account email and an API token; set ${missingText} (e.g. username = \"me@example.com\"; tokenFile = config.age.secrets.\"api-${product.name}-token\".path)."
              + lib.optionalString (p.patFile != null) " Cloud does not accept personal access tokens, so ${product.name}.patFile cannot be used.";
          }
          {
            assertion = kind != "self-hosted" || p.patFile != null || missing == [ ];
            message = "${o}: ${product.label} Server/Data Center needs ${product.name}.patFile (a personal access token) or ${product.name}.username + ${product.name}.tokenFile (the account password); missing: ${missingText}.";
          }
        ]) (enabledProducts cfg);

      serviceOn = cfg.service.enable;
      extraNames = attrNames cfg.extraEnvironment;
    in
    [
      {
        assertion = enabledProducts cfg != [ ];
        message = "${prefix}: no product is enabled. Set jira.enable = true and/or confluence.enable = true, each with its url and credentials.";
      }
    ]
    ++ productAssertions
    ++ secretAssertions
    ++ optionals (serviceKind == "user") [
      {
        assertion = !serviceOn || cfg.user != null;
        message = "${prefix}.user must name the account whose systemd user service runs the server (e.g. user = \"alice\"), because service.enable = true. Alternatively set systemService = true (a system service with its own dynamic user) or service.enable = false (only the atlassian-mcp command for stdio clients).";
      }
    ]
    ++ optionals serviceOn [
      {
        assertion = cfg.service.authTokenFile != null || cfg.service.allowUnauthenticated;
        message = "${prefix}.service.authTokenFile must be set: HTTP clients authenticate with a bearer token read from it (e.g. config.age.secrets.\"atlassian-mcp-token\".path, made with `openssl rand -hex 32`). To serve on loopback without one, set service.allowUnauthenticated = true: every local process could then use your Atlassian access.";
      }
      {
        assertion = cfg.service.authTokenFile != null || !cfg.service.allowUnauthenticated || isLoopback cfg.service.host;
        message = "${prefix}.service.allowUnauthenticated = true is refused with service.host = \"${cfg.service.host}\", which other machines can reach: set service.authTokenFile, or service.host = \"127.0.0.1\".";
      }
    ]
    ++ map (name: {
      assertion = false;
      message = "${prefix}.extraEnvironment.${name} would write a token into the unit, which is stored world-readable in /nix/store: put it in a file and set ${prefix}.${secretValueVariables.${name}}.";
    }) (filter (name: secretValueVariables ? ${name}) extraNames)
    ++ map (name: {
      assertion = false;
      message = "${prefix}.extraEnvironment.${name} is set by the module: use ${prefix}.${managedOption.${name}} instead.";
    }) (filter (name: elem name managedVariables) extraNames);

  warnings =
    cfg: serviceKind:
    let
      productWarnings = lib.concatMap (product:
        let
          p = cfg.${product.name};
          o = "${prefix}.${product.name}";
          kind = productKind cfg product;
          auth = productAuth cfg product;
        in
        if !p.enable then
          optional (p.url != null || p.username != null || p.tokenFile != null || p.patFile != null)
            "${o} is configured but ${product.name}.enable = false: the ${product.label} tools stay off. Set ${product.name}.enable = true to use them."
        else
          optional (auth == "basic" && p.patFile != null)
            "${o}.patFile is ignored: ${product.label} on Atlassian Cloud (mode = \"cloud\") signs in with ${product.name}.username + ${product.name}.tokenFile. Remove patFile."
          ++ optional (auth == "pat" && (p.username != null || p.tokenFile != null))
            "${o}.username and ${product.name}.tokenFile are ignored: with ${product.name}.patFile (a personal access token) ${product.label} uses Bearer auth. Remove them, or remove patFile to sign in with the password."
          ++ optional (cfg.mode == "self-hosted" && p.url != null && isCloudHost p.url)
            "${prefix}.mode = \"self-hosted\" does not apply to ${o}.url (${p.url}), an Atlassian Cloud host: ${product.label} is treated as Cloud."
      ) products;
    in
    productWarnings
    ++ optional (serviceKind == "system" && cfg.user != null)
      "${prefix}.user is ignored: systemService = true runs the server as a dynamic system user."
    ++ optional (!cfg.service.enable && cfg.service.authTokenFile != null)
      "${prefix}.service.authTokenFile is ignored: service.enable = false, so nothing serves HTTP."
    ++ optional (cfg.service.enable && cfg.service.authTokenFile != null && cfg.service.allowUnauthenticated)
      "${prefix}.service.allowUnauthenticated is ignored: service.authTokenFile is set, so clients must send the token.";
}
