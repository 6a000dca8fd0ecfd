# Option declarations shared by the NixOS module (module.nix) and the home-manager module
# (hm-module.nix): the products, their credentials, tool selection and the HTTP service.
{
  lib,
  defaultPackage,
  defaultPackageText,
}:

let
  inherit (lib)
    mkEnableOption
    mkOption
    literalExpression
    types
    ;

  # A secret is named by a string holding a runtime path. Nix path literals pass this type check on
  # purpose: the module's assertions then say why they are refused (Nix would copy the file into the
  # world-readable store), which a type error could not.
  secretFile = types.nullOr (
    lib.mkOptionType {
      name = "secretFile";
      description = "absolute path of a secret file outside the Nix store, given as a string";
      descriptionClass = "noun";
      check = value: builtins.isString value || builtins.isPath value;
      merge = lib.options.mergeEqualOption;
    }
  );

  # A comma-free word: the program reads these lists as comma-separated variables.
  listItem = types.strMatching "[^,[:space:]]+";

  productOptions =
    { label, prefix, cloudUrl, selfHostedUrl }:
    {
      enable = mkEnableOption "the ${label} tools";
      url = mkOption {
        type = types.nullOr types.str;
        default = null;
        example = cloudUrl;
        description = "Base URL of ${label}, e.g. `${cloudUrl}` (Cloud) or `${selfHostedUrl}` (Server/Data Center). Sets `${prefix}_URL`.";
      };
      username = mkOption {
        type = types.nullOr types.str;
        default = null;
        example = "me@example.com";
        description = "Account for Basic auth with `tokenFile`: the account email on Cloud, the username on Server/Data Center. Sets `${prefix}_USERNAME`.";
      };
      tokenFile = mkOption {
        type = secretFile;
        default = null;
        example = literalExpression ''config.age.secrets."api-${lib.toLower label}-token".path'';
        description = "File holding the Cloud API token (on Server/Data Center: the account password), read by the program at run time. Sets `${prefix}_TOKEN_FILE`.";
      };
      patFile = mkOption {
        type = secretFile;
        default = null;
        example = literalExpression ''config.age.secrets."api-${lib.toLower label}-pat".path'';
        description = "File holding a Server/Data Center personal access token (sent as Bearer), read at run time. Sets `${prefix}_PAT_FILE`.";
      };
    };
in
{
  package = mkOption {
    type = types.package;
    default = defaultPackage;
    defaultText = defaultPackageText;
    description = "The atlassian-mcp package to run.";
  };

  mode = mkOption {
    type = types.nullOr (types.enum [ "cloud" "self-hosted" ]);
    default = null;
    example = "cloud";
    description = ''
      Deployment of the products whose URL and credentials do not settle it: `cloud` (Basic auth with an
      account email and API token) or `self-hosted` (Server/Data Center). A product on an
      `*.atlassian.net` / `*.jira.com` host is Cloud and one with only `patFile` is
      Server/Data Center whatever this says, so Jira Cloud and Confluence Data Center work together.
      Sets `ATLASSIAN_MODE`.
    '';
  };

  jira = productOptions {
    label = "Jira";
    prefix = "JIRA";
    cloudUrl = "https://example.atlassian.net";
    selfHostedUrl = "https://jira.example.com";
  };

  confluence = productOptions {
    label = "Confluence";
    prefix = "CONFLUENCE";
    cloudUrl = "https://example.atlassian.net/wiki";
    selfHostedUrl = "https://confluence.example.com";
  };

  readOnly = mkOption {
    type = types.bool;
    default = false;
    description = "Register no tool that writes or deletes, whatever else is selected. Sets `READ_ONLY_MODE`.";
  };

  toolsets = mkOption {
    type = types.nullOr (types.listOf listItem);
    default = null;
    example = [ "default" "jira_issues" ];
    description = "Toolsets to expose (`default`, `all` or names from `atlassian-mcp tools --all`); null: the program's default. Sets `TOOLSETS`.";
  };

  projectsFilter = mkOption {
    type = types.listOf listItem;
    default = [ ];
    example = [ "PROJ" "OPS" ];
    description = "Jira project keys the tools may reach; empty: all. Sets `JIRA_PROJECTS_FILTER`.";
  };

  spacesFilter = mkOption {
    type = types.listOf listItem;
    default = [ ];
    example = [ "DOC" "TEAM" ];
    description = "Confluence space keys the tools may reach; empty: all. Sets `CONFLUENCE_SPACES_FILTER`.";
  };

  extraEnvironment = mkOption {
    type = types.attrsOf types.str;
    default = { };
    example = {
      LOG_LEVEL = "debug";
      DISABLED_TOOLS = "confluence_search";
    };
    description = "Further variables from docs/configuration.md (LOG_LEVEL, ENABLED_TOOLS, DISABLED_TOOLS, HTTP_TIMEOUT_MS, ATTACHMENTS_DIR, ...). Never secrets: they would be stored world-readable.";
  };

  service = {
    enable = mkOption {
      type = types.bool;
      default = true;
      description = "Run the server as a service speaking MCP over HTTP (Streamable HTTP at `/mcp`). Off: only the configured `atlassian-mcp` command is installed, for clients that start it over stdio.";
    };
    host = mkOption {
      type = types.str;
      default = "127.0.0.1";
      description = "Address the service listens on. Sets `MCP_HOST`.";
    };
    port = mkOption {
      type = types.port;
      default = 8848;
      description = "TCP port the service listens on. Sets `MCP_PORT`.";
    };
    socketActivation = mkOption {
      type = types.bool;
      default = true;
      description = "Let systemd own the listening socket and start the server on the first connection (the program serves on the inherited socket). Off: the service starts at once and binds the port itself.";
    };
    authTokenFile = mkOption {
      type = secretFile;
      default = null;
      example = literalExpression ''config.age.secrets."atlassian-mcp-token".path'';
      description = "File holding the bearer token every HTTP client must send (e.g. made with `openssl rand -hex 32`), read at run time. Sets `MCP_AUTH_TOKEN_FILE`.";
    };
    allowUnauthenticated = mkOption {
      type = types.bool;
      default = false;
      description = "Serve on a loopback address without a token. Any local process or user could then act with your Atlassian access. Sets `MCP_ALLOW_UNAUTHENTICATED`.";
    };
  };
}
