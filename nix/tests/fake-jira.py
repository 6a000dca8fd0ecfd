"""A small fake Jira Cloud for the NixOS VM test (nix/tests/vm.nix).

Answers GET /rest/api/3/issue/<key> and /rest/api/3/myself like Jira Cloud does, 401 with Jira's
error body when the Authorization header is not the expected Basic credential, and logs the
authorization scheme and path of every request (never the credential) as JSON lines, so the test
can check which auth scheme the server used.

    python3 fake-jira.py <port> <username> <token file> <log file>
"""

import base64
import json
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import urlsplit

PORT, USERNAME, TOKEN_FILE, LOG_FILE = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]


def expected_authorization():
    # Read per request: the secret is written at boot, maybe after this service started.
    with open(TOKEN_FILE, encoding="utf-8") as handle:
        token = handle.read().strip()
    return "Basic " + base64.b64encode(f"{USERNAME}:{token}".encode()).decode()


class FakeJira(BaseHTTPRequestHandler):
    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json;charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        authorization = self.headers.get("Authorization", "")
        path = urlsplit(self.path).path
        record = {
            "path": path,
            "scheme": authorization.split(" ", 1)[0] if authorization else None,
            "credentialMatches": authorization == expected_authorization(),
        }
        with open(LOG_FILE, "a", encoding="utf-8") as log:
            log.write(json.dumps(record) + "\n")
        if not record["credentialMatches"]:
            self.reply(401, {"errorMessages": ["You are not authenticated. Authentication required to perform this operation."], "errors": {}})
        elif path == "/rest/api/3/myself":
            self.reply(200, {"accountId": "5b10a2844c20165700ede21g", "emailAddress": USERNAME, "displayName": "VM Test", "active": True})
        elif path.startswith("/rest/api/3/issue/"):
            key = path.rsplit("/", 1)[1]
            self.reply(200, {
                "id": "10001",
                "key": key,
                "self": f"http://127.0.0.1:{PORT}/rest/api/3/issue/10001",
                "fields": {
                    "summary": "Issue served by the VM test's fake Jira",
                    "status": {"name": "To Do"},
                    "issuetype": {"name": "Task"},
                    "project": {"key": key.split("-")[0], "name": "VM test"},
                    "description": None,
                },
            })
        else:
            self.reply(404, {"errorMessages": ["Issue does not exist or you do not have permission to see it."], "errors": {}})

    def log_message(self, format, *args):  # the JSON log above is the record; keep stderr quiet
        pass


HTTPServer(("127.0.0.1", PORT), FakeJira).serve_forever()
