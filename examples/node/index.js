// A Node backend's view of imemu: it signs ZEGO requests with node:crypto and
// TIM requests with a UserSig from Tencent's own tls-sig-api-v2, deletes a
// friend on each vendor, checks it through the vendor API, waits for the
// notification imemu captured, and resets the server.
//
//   npm ci && IMEMU_URL=http://127.0.0.1:8080 node index.js
'use strict';
const crypto = require('node:crypto');
const http = require('node:http');
const TLSSigAPIv2 = require('tls-sig-api-v2');

const base = (process.env.IMEMU_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
// The default fixtures' ZEGO app.
const zegoAppId = 1234567890;
const zegoSecret = '0123456789abcdef0123456789abcdef';

function fail(msg) {
  throw new Error(msg);
}

// call sends JSON (when body is given) and returns the decoded 2xx answer.
async function call(method, path, body) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['Content-Type'] = 'application/json';
  }
  const resp = await fetch(base + path, init);
  const text = await resp.text();
  if (!resp.ok) fail(`${method} ${path.split('?')[0]}: HTTP ${resp.status} ${text}`);
  return JSON.parse(text);
}

// ZEGO server API signature v2.0: md5(AppId + SignatureNonce + ServerSecret + Timestamp), hex.
function zegoUrl(action, extra = {}) {
  const nonce = crypto.randomBytes(8).toString('hex');
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = crypto.createHash('md5').update(`${zegoAppId}${nonce}${zegoSecret}${timestamp}`).digest('hex');
  const q = new URLSearchParams({
    Action: action, AppId: String(zegoAppId), SignatureNonce: nonce,
    Timestamp: String(timestamp), SignatureVersion: '2.0', Signature: signature, ...extra,
  });
  return `/?${q}`;
}

async function aliceListsBob() {
  const page = await call('GET', zegoUrl('QueryFriendList', { FromUserId: 'alice' }));
  if (page.Code !== 0) fail(`ZEGO QueryFriendList: Code ${page.Code} ${page.Message}`);
  return page.FriendInfos.some((f) => f.UserId === 'bob');
}

// lastEventId is the newest captured event's id for the app, so a wait sees only later ones.
async function lastEventId(vendor, app) {
  const { events } = await call('GET', `/_mock/events?vendor=${vendor}&app=${app}`);
  return events.length ? events[events.length - 1].id : 0;
}

// waitEvent long-polls the event feed instead of sleeping.
async function waitEvent(kind, vendor, app, after = 0) {
  const { events } = await call('GET', `/_mock/events?kind=${kind}&vendor=${vendor}&app=${app}&after=${after}&wait=5s`);
  if (!events.length) fail(`no ${kind} event within 5s`);
  return events[0];
}

async function zego() {
  const after = await lastEventId('zego', zegoAppId);
  const del = await call('POST', zegoUrl('DeleteFriends'), { FromUserId: 'alice', UserIds: ['bob'], DeleteType: 0 });
  if (del.Code !== 0) fail(`ZEGO DeleteFriends: Code ${del.Code} ${del.Message}`);
  console.log('ZEGO DeleteFriends alice -> bob (two-way): Code 0');
  if (await aliceListsBob()) fail('ZEGO QueryFriendList: alice still lists bob');
  console.log('ZEGO QueryFriendList: alice no longer lists bob');
  const ev = await waitEvent('zego.friendListChanged', 'zego', zegoAppId, after);
  console.log(`event ${ev.kind} for ${ev.target}: ${JSON.stringify(ev.payload)}`);
}

async function tim() {
  // The backend's callback endpoint, which TIM calls after a friend_delete.
  let received;
  const gotCallback = new Promise((resolve) => { received = resolve; });
  const receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      received(`${new URL(req.url, 'http://x').searchParams.get('CallbackCommand')} ${body}`);
      res.setHeader('Content-Type', 'application/json');
      res.end('{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}');
    });
  });
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  try {
    // A TIM app of this run's own, with that callback URL.
    const app = await call('POST', '/_mock/apps', {
      vendor: 'tim', users: ['alice', 'bob'], friends: [{ from: 'alice', to: 'bob' }], // two-way unless "oneWay"
      callbackUrl: `http://127.0.0.1:${receiver.address().port}/im`,
    });
    console.log(`TIM app ${app.appId} created (admin ${app.admin})`);
    const userSig = new TLSSigAPIv2.Api(app.appId, app.secret).genUserSig(app.admin, 86400);
    const rest = (api) => `/v4/${api}?${new URLSearchParams({
      sdkappid: String(app.appId), identifier: app.admin, usersig: userSig,
      random: String(crypto.randomInt(2 ** 32 - 1)), contenttype: 'json',
    })}`;

    const del = await call('POST', rest('sns/friend_delete'), { From_Account: 'alice', To_Account: ['bob'], DeleteType: 'Delete_Type_Both' });
    if (del.ErrorCode !== 0 || del.ResultItem[0].ResultCode !== 0) fail(`TIM friend_delete: ${JSON.stringify(del)}`);
    console.log('TIM friend_delete alice -> bob (Delete_Type_Both): ErrorCode 0');
    const check = await call('POST', rest('sns/friend_check'), { From_Account: 'alice', To_Account: ['bob'], CheckType: 'CheckResult_Type_Both' });
    if (check.ErrorCode !== 0 || check.InfoItem[0].Relation !== 'CheckResult_Type_NoRelation') fail(`TIM friend_check: ${JSON.stringify(check)}`);
    console.log('TIM friend_check: CheckResult_Type_NoRelation');
    const ev = await waitEvent('tim.callback', 'tim', app.appId);
    if (!ev.outcome.startsWith('delivered')) fail(`TIM callback: ${ev.outcome}`);
    const cb = await Promise.race([gotCallback, new Promise((_, reject) => setTimeout(() => reject(new Error('the callback endpoint got nothing')), 5000))]);
    console.log(`callback received: ${cb}`);
    console.log(`event ${ev.kind}: ${ev.outcome}`);
  } finally {
    receiver.close();
  }
}

async function main() {
  await zego();
  await tim();
  const { reset } = await call('POST', '/_mock/reset');
  console.log(`reset: ${reset.join(' ')}`);
  if (!(await aliceListsBob())) fail('after the reset alice should list bob again');
  console.log('node example: all steps passed');
}

main().catch((err) => {
  console.error(`node example: ${err.message}`);
  process.exit(1);
});
