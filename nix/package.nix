# atlassian-mcp: Node plus ONE bundled file behind a small binary wrapper.
#
# package-lock.json carries no `resolved` URLs (no registry host is written into the repository), so
# nixpkgs' fetchNpmDeps / importNpmLock, which skip such entries, cannot fetch it. Instead a
# fixed-output derivation runs `npm ci --omit=dev --ignore-scripts` (npm knows its registry and
# checks every package against the lockfile's integrity) and its NAR hash is committed in
# nix/npm-deps.json; tests/unit/nix-lock.test.ts fails `npm test` when the lockfile changes without
# it. The bundle is then built with nixpkgs' own esbuild, and nothing from node_modules reaches the
# runtime closure (disallowedReferences below).
{
  lib,
  stdenv,
  stdenvNoCC,
  cacert,
  nodejs,
  esbuild,
  makeBinaryWrapper,
}:

let
  fs = lib.fileset;
  packageJson = lib.importJSON ../package.json;
  npmDepsRecord = lib.importJSON ./npm-deps.json;
  version = packageJson.version;

  npmDeps = stdenvNoCC.mkDerivation {
    pname = "atlassian-mcp-npm-deps";
    inherit version;
    src = fs.toSource {
      root = ../.;
      fileset = fs.unions [
        ../package.json
        ../package-lock.json
        ../scripts/nix-npm-deps.sh
      ];
    };
    nativeBuildInputs = [ nodejs ];
    dontConfigure = true;
    buildPhase = ''
      runHook preBuild
      export HOME="$TMPDIR" npm_config_cache="$TMPDIR/npm-cache" npm_config_update_notifier=false
      # nixpkgs' Node may use OpenSSL's CA store, which the build sandbox does not have.
      export SSL_CERT_FILE=${cacert}/etc/ssl/certs/ca-bundle.crt NODE_EXTRA_CA_CERTS=${cacert}/etc/ssl/certs/ca-bundle.crt
      sh scripts/nix-npm-deps.sh "$out"
      runHook postBuild
    '';
    dontInstall = true;
    # Nothing may be rewritten (patchShebangs would add store references and change the hash).
    dontFixup = true;
    impureEnvVars = lib.fetchers.proxyImpureEnvVars ++ [ "NPM_CONFIG_REGISTRY" ];
    outputHashMode = "recursive";
    outputHash = npmDepsRecord.narHash;
  };
in
stdenv.mkDerivation {
  pname = "atlassian-mcp";
  inherit version;

  src = fs.toSource {
    root = ../.;
    fileset = fs.unions [
      ../package.json
      ../package-lock.json
      ../README.md
      ../tsconfig.json
      ../docs
      ../src
      ../scripts
      ../tests/unit
      ../tests/helpers
      ../tests/fixtures
    ];
  };

  nativeBuildInputs = [
    nodejs
    esbuild
    makeBinaryWrapper
  ];

  configurePhase = ''
    runHook preConfigure
    ln -s ${npmDeps}/node_modules node_modules
    runHook postConfigure
  '';

  buildPhase = ''
    runHook preBuild
    ESBUILD=esbuild VERSION=${version} sh scripts/bundle.sh dist/atlassian-mcp.mjs
    runHook postBuild
  '';

  doCheck = true;
  checkPhase = ''
    runHook preCheck
    ESBUILD=esbuild sh scripts/nix-unit-tests.sh
    runHook postCheck
  '';

  installPhase = ''
    runHook preInstall
    install -Dm644 dist/atlassian-mcp.mjs "$out/share/atlassian-mcp/atlassian-mcp.mjs"
    makeWrapper ${lib.getExe nodejs} "$out/bin/atlassian-mcp" \
      --add-flags "$out/share/atlassian-mcp/atlassian-mcp.mjs"
    runHook postInstall
  '';

  # The installed program, started from an empty directory with an empty environment: it must need
  # nothing but Node and its one file (no node_modules, no configuration for --version and tools).
  doInstallCheck = true;
  installCheckPhase = ''
    runHook preInstallCheck
    empty=$(mktemp -d)
    cd "$empty"
    reported=$(env -i "$out/bin/atlassian-mcp" --version)
    if [ "$reported" != "${version}" ]; then
      echo "atlassian-mcp --version printed '$reported', expected ${version}" >&2
      exit 1
    fi
    env -i "$out/bin/atlassian-mcp" tools --all --json > tools.json
    ${lib.getExe nodejs} -e 'const tools = JSON.parse(require("fs").readFileSync("tools.json", "utf8"));
      if (!Array.isArray(tools) || tools.length === 0) { console.error("tools --all listed no tools"); process.exit(1); }'
    cd - > /dev/null
    runHook postInstallCheck
  '';

  # The runtime closure is Node and the bundle; the dependency tree stays a build input.
  disallowedReferences = [ npmDeps ];

  passthru = {
    inherit npmDeps;
  };

  meta = {
    description = "MCP server for Jira and Confluence (Cloud and Server/Data Center)";
    license = lib.licenses.mit;
    mainProgram = "atlassian-mcp";
    platforms = nodejs.meta.platforms;
  };
}
