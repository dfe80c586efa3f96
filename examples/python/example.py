"""A Python backend's view of imemu, standard library only.

It signs ZEGO requests (signature v2.0) and makes TIM UserSigs (TLSSigAPIv2,
as Tencent's tls-sig-api-v2-python does: HMAC-SHA256, JSON, zlib, base64),
deletes a friend on each vendor, checks it through the vendor API, waits for
the notification imemu captured, and resets the server.

    IMEMU_URL=http://127.0.0.1:8080 python3 example.py
"""

import base64
import hashlib
import hmac
import http.server
import json
import os
import queue
import secrets
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib

BASE = os.environ.get("IMEMU_URL", "http://127.0.0.1:8080").rstrip("/")
# The default fixtures' ZEGO app.
ZEGO_APP_ID = 1234567890
ZEGO_SECRET = "0123456789abcdef0123456789abcdef"


class Failed(Exception):
    pass


def call(method, path, body=None):
    """Send JSON (when body is given) and return the decoded 2xx answer."""
    data, headers = None, {}
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    elif method == "POST":
        data = b""
    req = urllib.request.Request(BASE + path, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.load(resp)
    except urllib.error.HTTPError as e:
        raise Failed(f"{method} {path.split('?')[0]}: HTTP {e.code} {e.read().decode()}") from None


def zego_url(action, **extra):
    """ZEGO signature v2.0: md5(AppId + SignatureNonce + ServerSecret + Timestamp), hex."""
    nonce = secrets.token_hex(8)
    timestamp = int(time.time())
    signature = hashlib.md5(f"{ZEGO_APP_ID}{nonce}{ZEGO_SECRET}{timestamp}".encode()).hexdigest()
    q = {"Action": action, "AppId": ZEGO_APP_ID, "SignatureNonce": nonce, "Timestamp": timestamp,
         "SignatureVersion": "2.0", "Signature": signature, **extra}
    return "/?" + urllib.parse.urlencode(q)


def user_sig(sdkappid, key, identifier, expire=86400):
    """A TIM UserSig (TLSSigAPIv2)."""
    now = int(time.time())
    content = (f"TLS.identifier:{identifier}\nTLS.sdkappid:{sdkappid}\n"
               f"TLS.time:{now}\nTLS.expire:{expire}\n")
    sig = base64.b64encode(hmac.new(key.encode(), content.encode(), hashlib.sha256).digest()).decode()
    doc = {"TLS.ver": "2.0", "TLS.identifier": identifier, "TLS.sdkappid": sdkappid,
           "TLS.expire": expire, "TLS.time": now, "TLS.sig": sig}
    packed = base64.b64encode(zlib.compress(json.dumps(doc).encode())).decode()
    return packed.replace("+", "*").replace("/", "-").replace("=", "_")


def alice_lists_bob():
    page = call("GET", zego_url("QueryFriendList", FromUserId="alice"))
    if page["Code"] != 0:
        raise Failed(f"ZEGO QueryFriendList: {page}")
    return any(f["UserId"] == "bob" for f in page["FriendInfos"])


def last_event_id(vendor, app):
    """The newest captured event's id for the app, so a wait sees only later ones."""
    events = call("GET", f"/_mock/events?vendor={vendor}&app={app}")["events"]
    return events[-1]["id"] if events else 0


def wait_event(kind, vendor, app, after=0):
    """Long-poll the event feed instead of sleeping."""
    events = call("GET", f"/_mock/events?kind={kind}&vendor={vendor}&app={app}&after={after}&wait=5s")["events"]
    if not events:
        raise Failed(f"no {kind} event within 5s")
    return events[0]


def zego():
    after = last_event_id("zego", ZEGO_APP_ID)
    answer = call("POST", zego_url("DeleteFriends"), {"FromUserId": "alice", "UserIds": ["bob"], "DeleteType": 0})
    if answer["Code"] != 0:
        raise Failed(f"ZEGO DeleteFriends: {answer}")
    print("ZEGO DeleteFriends alice -> bob (two-way): Code 0")
    if alice_lists_bob():
        raise Failed("ZEGO QueryFriendList: alice still lists bob")
    print("ZEGO QueryFriendList: alice no longer lists bob")
    ev = wait_event("zego.friendListChanged", "zego", ZEGO_APP_ID, after)
    print(f"event {ev['kind']} for {ev['target']}: {json.dumps(ev['payload'])}")


def tim():
    # The backend's callback endpoint, which TIM calls after a friend_delete.
    received = queue.Queue()

    class Callback(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
            command = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query).get("CallbackCommand", [""])[0]
            received.put(f"{command} {body}")
            reply = b'{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args):
            pass

    receiver = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Callback)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    try:
        # A TIM app of this run's own, with that callback URL.
        app = call("POST", "/_mock/apps", {
            "vendor": "tim", "users": ["alice", "bob"],
            "friends": [{"from": "alice", "to": "bob"}],  # two-way unless "oneWay"
            "callbackUrl": f"http://127.0.0.1:{receiver.server_address[1]}/im",
        })
        print(f"TIM app {app['appId']} created (admin {app['admin']})")
        sig = user_sig(app["appId"], app["secret"], app["admin"])

        def rest(api):
            q = {"sdkappid": app["appId"], "identifier": app["admin"], "usersig": sig,
                 "random": secrets.randbelow(2**32), "contenttype": "json"}
            return f"/v4/{api}?" + urllib.parse.urlencode(q)

        answer = call("POST", rest("sns/friend_delete"),
                      {"From_Account": "alice", "To_Account": ["bob"], "DeleteType": "Delete_Type_Both"})
        if answer["ErrorCode"] != 0 or answer["ResultItem"][0]["ResultCode"] != 0:
            raise Failed(f"TIM friend_delete: {answer}")
        print("TIM friend_delete alice -> bob (Delete_Type_Both): ErrorCode 0")
        check = call("POST", rest("sns/friend_check"),
                     {"From_Account": "alice", "To_Account": ["bob"], "CheckType": "CheckResult_Type_Both"})
        if check["ErrorCode"] != 0 or check["InfoItem"][0]["Relation"] != "CheckResult_Type_NoRelation":
            raise Failed(f"TIM friend_check: {check}")
        print("TIM friend_check: CheckResult_Type_NoRelation")
        ev = wait_event("tim.callback", "tim", app["appId"])
        if not ev["outcome"].startswith("delivered"):
            raise Failed(f"TIM callback: {ev['outcome']}")
        try:
            print(f"callback received: {received.get(timeout=5)}")
        except queue.Empty:
            raise Failed("the callback endpoint got nothing") from None
        print(f"event {ev['kind']}: {ev['outcome']}")
    finally:
        receiver.shutdown()
        receiver.server_close()


def main():
    try:
        zego()
        tim()
        reset = call("POST", "/_mock/reset")["reset"]
        print(f"reset: {' '.join(reset)}")
        if not alice_lists_bob():
            raise Failed("after the reset alice should list bob again")
    except (Failed, urllib.error.URLError) as e:
        print(f"python example: {e}", file=sys.stderr)
        return 1
    print("python example: all steps passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
