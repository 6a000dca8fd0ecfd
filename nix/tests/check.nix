# checks.<system>.module-tests: the same runner as `npm run test:nix`, inside the build sandbox, with
# the pinned nixpkgs' lib/ and nixos/ trees, so the real-NixOS rendering and systemd-analyze run too.
{
  runCommand,
  nix,
  nodejs,
  systemd,
  src,
  nixpkgsSrc,
}:

runCommand "atlassian-mcp-module-tests"
  {
    nativeBuildInputs = [
      nix
      nodejs
      systemd
    ];
  }
  ''
    export HOME="$TMPDIR"
    cd ${src}
    NIXPKGS_LIB=${nixpkgsSrc}/lib NIXOS_SRC=${nixpkgsSrc}/nixos node scripts/nix-test.mjs --require-nixos
    touch "$out"
  ''
