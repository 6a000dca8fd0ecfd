# Minimal test helpers that work with Nix 2.8 (no lib.runTests output format needed): each check is
# { name; ok; detail; }, and scripts/nix-test.mjs prints them and fails the run on any `ok = false`.
{ lib }:

let
  show = value: builtins.toJSON value;
in
rec {
  equal = name: actual: expected: {
    inherit name;
    ok = actual == expected;
    detail = if actual == expected then "" else "expected ${show expected}\n     got ${show actual}";
  };

  check = name: condition: detail: {
    inherit name;
    ok = condition;
    detail = if condition then "" else detail;
  };

  # A failure the module system reports by `throw` (unknown option, type mismatch).
  throws = name: expression:
    let
      result = builtins.tryEval (builtins.deepSeq expression expression);
    in
    {
      inherit name;
      ok = !result.success;
      detail = if result.success then "evaluated without error; expected the module system to refuse it" else "";
    };

  failedAssertions = config: map (assertion: assertion.message) (builtins.filter (assertion: !assertion.assertion) config.assertions);

  # Values nested anywhere in an attrset or list, as strings (derivations count as their outPath).
  allStrings =
    value:
    if builtins.isString value then
      [ value ]
    else if builtins.isList value then
      lib.concatMap allStrings value
    else if builtins.isAttrs value then
      (if value ? outPath then [ (toString value.outPath) ] else lib.concatMap allStrings (builtins.attrValues value))
    else if builtins.isBool value || builtins.isInt value || value == null then
      [ ]
    else
      [ (toString value) ];
}
