# NixOS VM test (checks.<system>.vm; needs KVM and, for the npm dependencies, internet):
# alice's user service on its socket, a fake Jira Cloud, an MCP initialize and a tool call over
# HTTP, the auth scheme the fake saw, and the secret absent from the unit and the store.
{ self }:

{ lib, ... }:

let
  mcpPort = 8848;
  jiraPort = 8081;
in
{
  name = "atlassian-mcp";

  nodes.machine =
    { pkgs, ... }:
    {
      imports = [ self.nixosModules.default ];

      users.users.alice = {
        isNormalUser = true;
        uid = 1000;
        # The user manager (and so the socket) runs from boot, without a login.
        linger = true;
      };

      environment.systemPackages = [ pkgs.curl pkgs.jq ];

      # Stand-in for agenix: the secrets are made inside the VM at boot, so they exist in no store,
      # owned by alice (agenix: owner = "alice") with mode 0400.
      systemd.services.make-secrets = {
        wantedBy = [ "multi-user.target" ];
        before = [ "user@1000.service" "fake-jira.service" ];
        serviceConfig.Type = "oneshot";
        serviceConfig.RemainAfterExit = true;
        script = ''
          install -d -m 0755 /run/agenix
          for name in api-jira-token atlassian-mcp-token; do
            ${pkgs.openssl}/bin/openssl rand -hex 24 > /run/agenix/$name
            chown alice /run/agenix/$name
            chmod 0400 /run/agenix/$name
          done
        '';
      };

      systemd.services.fake-jira = {
        wantedBy = [ "multi-user.target" ];
        after = [ "make-secrets.service" ];
        serviceConfig = {
          ExecStart = "${pkgs.python3}/bin/python3 ${./fake-jira.py} ${toString jiraPort} me@example.com /run/agenix/api-jira-token /var/lib/fake-jira/requests.log";
          StateDirectory = "fake-jira";
        };
      };

      features.ai.mcp.atlassian = {
        enable = true;
        user = "alice";
        # The fake is not on an atlassian.net host: mode settles that it speaks like Cloud.
        mode = "cloud";
        jira = {
          enable = true;
          url = "http://127.0.0.1:${toString jiraPort}";
          username = "me@example.com";
          tokenFile = "/run/agenix/api-jira-token";
        };
        service = {
          port = mcpPort;
          authTokenFile = "/run/agenix/atlassian-mcp-token";
        };
      };
    };

  testScript = ''
    import base64
    import json

    mcp = "http://127.0.0.1:${toString mcpPort}/mcp"
    headers = "-H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream'"

    def rpc_body(output):
        # Streamable HTTP answers with JSON or with one SSE event; either way the JSON-RPC message is
        # the payload of the last "data:" line or the whole body.
        lines = [line[5:].strip() for line in output.splitlines() if line.startswith("data:")]
        return json.loads(lines[-1] if lines else output)

    machine.wait_for_unit("multi-user.target")
    machine.wait_for_unit("make-secrets.service")
    machine.wait_for_unit("fake-jira.service")
    machine.wait_for_open_port(${toString jiraPort})
    machine.wait_for_unit("user@1000.service")
    machine.wait_for_unit("atlassian-mcp.socket", "alice")
    machine.wait_for_open_port(${toString mcpPort})

    token = machine.succeed("cat /run/agenix/atlassian-mcp-token").strip()
    jira_token = machine.succeed("cat /run/agenix/api-jira-token").strip()
    auth = f"-H 'Authorization: Bearer {token}'"

    with subtest("a request without the bearer token is refused"):
        status = machine.succeed(f"curl -s -o /dev/null -w '%{{http_code}}' {headers} --data '{{}}' {mcp}")
        assert status == "401", f"expected 401 without a token, got {status}"

    with subtest("MCP initialize over HTTP succeeds"):
        initialize = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "vm-test", "version": "1"}}})
        output = machine.succeed(f"curl -sS -D /tmp/headers {headers} {auth} --data '{initialize}' {mcp}")
        result = rpc_body(output)["result"]
        assert result["serverInfo"]["name"], result
        session = machine.succeed("grep -i '^mcp-session-id:' /tmp/headers | cut -d: -f2 | tr -d ' \\r\\n'")
        machine.wait_for_unit("atlassian-mcp.service", "alice")

    with subtest("a tool call reaches the fake Jira with Basic auth"):
        session_header = f"-H 'Mcp-Session-Id: {session}'" if session else ""
        initialized = json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"})
        machine.succeed(f"curl -sS {headers} {auth} {session_header} --data '{initialized}' {mcp}")
        call = json.dumps({"jsonrpc": "2.0", "id": 2, "method": "tools/call",
            "params": {"name": "jira_get_issue", "arguments": {"issue_key": "PROJ-1"}}})
        output = machine.succeed(f"curl -sS {headers} {auth} {session_header} --data '{call}' {mcp}")
        result = rpc_body(output)["result"]
        assert not result.get("isError"), result
        assert "PROJ-1" in json.dumps(result), result
        requests = [json.loads(line) for line in machine.succeed("cat /var/lib/fake-jira/requests.log").splitlines()]
        issue_requests = [r for r in requests if r["path"] == "/rest/api/3/issue/PROJ-1"]
        assert issue_requests, requests
        assert all(r["scheme"] == "Basic" and r["credentialMatches"] for r in issue_requests), requests

    with subtest("the secrets are in no unit, wrapper or store path"):
        unit = machine.succeed("cat /etc/systemd/user/atlassian-mcp.service")
        assert "JIRA_TOKEN_FILE=/run/agenix/api-jira-token" in unit, unit
        # grep exits 2 on an unreadable file even after a match, so the test reads its output.
        for secret in (jira_token, token, base64.b64encode(f"me@example.com:{jira_token}".encode()).decode()):
            found = machine.succeed(f"grep -rlsF -- '{secret}' /etc/systemd /etc/static/ /run/current-system/sw/bin/ || true")
            assert found.strip() == "", f"a secret is in {found}"
            found = machine.succeed(f"nix-store -qR /run/current-system | xargs grep -rlsF -- '{secret}' || true")
            assert found.strip() == "", f"a secret is in the store: {found}"

    with subtest("the stdio command sees the same configuration"):
        machine.succeed("su - alice -c 'atlassian-mcp doctor'")
  '';
}
