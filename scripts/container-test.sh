#!/usr/bin/env bash
# Builds the image imemu:ci and checks it with a real Docker engine: it turns
# healthy, answers a signed ZEGO call and a TIM call with a UserSig, serves
# HTTPS under a vendor host name with a local CA kept in /data/tls, keeps
# --db /data/imemu.db on a named volume across a restart and a new container,
# stops with exit code 0 on `docker stop`, runs as a non-root user; and it
# prints the image's size and files.
#
# The image is built from Dockerfile.prebuilt, which pulls no base image (this
# works offline); its runtime stage is the same text as Dockerfile's, checked
# below. Containers use --network host and listen on 127.0.0.1 only, so the
# engine needs no bridge network and no traffic leaves loopback.
#
#   IMEMU_BINARY=path          static binary to ship (default: build one with
#                              scripts/build-static.sh)
#   IMEMU_CONTAINER_PORT=18380 port the containers listen on (HTTPS on the next one)
set -euo pipefail
cd "$(dirname "$0")/.."

die() { printf 'container-test: FAIL: %s\n' "$*" >&2; exit 1; }
ok() { printf 'container-test: ok: %s\n' "$*"; }

for tool in docker curl; do command -v "$tool" >/dev/null || die "$tool is not installed"; done
docker info >/dev/null 2>&1 || die "no Docker engine answers (start dockerd first)"

port=${IMEMU_CONTAINER_PORT:-18380}
tls_port=$((port + 1))
base=http://127.0.0.1:$port
name=imemu-ci-$$
vol=imemu-ci-data-$$
ctx=$(mktemp -d)
cleanup() {
  docker rm -f "$name" >/dev/null 2>&1 || true
  docker volume rm "$vol" >/dev/null 2>&1 || true
  rm -rf "$ctx"
}
trap cleanup EXIT

# What CI builds is what `docker build .` gives users: one runtime stage.
diff <(sed -n '/^FROM scratch$/,$p' Dockerfile) <(sed -n '/^FROM scratch$/,$p' Dockerfile.prebuilt) ||
  die "the runtime stages of Dockerfile and Dockerfile.prebuilt differ"
ok "Dockerfile and Dockerfile.prebuilt share the runtime stage"

# The build context Dockerfile.prebuilt expects: what the golang stage leaves in /out.
if [ -n "${IMEMU_BINARY:-}" ]; then
  cp "$IMEMU_BINARY" "$ctx/mockserver"
else
  ./scripts/build-static.sh "$ctx/mockserver"
fi
certs=/etc/ssl/certs/ca-certificates.crt
[ -s "$certs" ] || die "$certs is missing (apt-get install ca-certificates)"
cp "$certs" "$ctx/ca-certificates.crt"
mkdir "$ctx/data"
t0=$SECONDS
docker build -q -f Dockerfile.prebuilt -t imemu:ci "$ctx" 2> >(grep -v -e DEPRECATED -e 'legacy builder' -e buildx -e '^ *$' >&2) >/dev/null ||
  die "docker build failed"
ok "built imemu:ci in $((SECONDS - t0))s"

size=$(docker image inspect -f '{{.Size}}' imemu:ci)
printf 'container-test: image imemu:ci is %s bytes (%s MB)\n' "$size" "$(awk -v s="$size" 'BEGIN{printf "%.1f", s/1e6}')"
echo "container-test: files in the image:"
probe=$(docker create --network none imemu:ci 2>/dev/null)
# Less what Docker adds to every container (.dockerenv, dev/, etc/mtab, …).
docker export "$probe" | tar -tv | grep -v -E ' (\.dockerenv|dev/.*|proc/|sys/|etc/(hosts|hostname|resolv\.conf|mtab)( .*)?)$' | sed 's/^/  /'
docker rm "$probe" >/dev/null

start() {
  docker run -d --name "$name" --network host -v "$vol:/data" \
    -e MOCKSERVER_ADDR="127.0.0.1:$port" -e MOCKSERVER_TLS_ADDR="127.0.0.1:$tls_port" \
    imemu:ci --db /data/imemu.db >/dev/null
}

wait_healthy() {
  local t0=$SECONDS status=
  while [ $((SECONDS - t0)) -lt 60 ]; do
    status=$(docker inspect -f '{{.State.Health.Status}}' "$name")
    [ "$status" = healthy ] && { ok "health is healthy after $((SECONDS - t0))s ($1)"; return; }
    [ "$(docker inspect -f '{{.State.Running}}' "$name")" = true ] || { docker logs "$name" >&2; die "container exited ($1)"; }
    sleep 0.5
  done
  docker logs "$name" >&2
  die "health is $status after 60s ($1)"
}

# zego ACTION [QUERY]: a ZEGO URL signed by the image's own `mockserver sign`.
zego() {
  docker exec "$name" /mockserver sign zego --app-id 1234567890 \
    --secret 0123456789abcdef0123456789abcdef --action "$1"
}

alice_lists_bob() {
  local page
  page=$(curl -fsS "$(zego QueryFriendList)&FromUserId=alice")
  grep -q '"Code":0' <<<"$page" || die "QueryFriendList: $page"
  grep -q '"UserId":"bob"' <<<"$page"
}

stop() {
  local t0=$SECONDS code
  docker stop -t 10 "$name" >/dev/null
  code=$(docker inspect -f '{{.State.ExitCode}}' "$name")
  [ "$code" = 0 ] || { docker logs "$name" >&2; die "docker stop: exit code $code"; }
  ok "docker stop: exit code 0 after $((SECONDS - t0))s ($1)"
}

docker volume create "$vol" >/dev/null
start
wait_healthy "first start"

user=$(docker inspect -f '{{.Config.User}}' imemu:ci)
uid=$(docker top "$name" -eo pid,uid,comm | awk '$3 == "mockserver" {print $2}')
[ -n "$uid" ] && [ "$uid" != 0 ] || die "the server runs as uid '${uid}' (image USER '$user')"
ok "the server runs as uid $uid, not root (image USER $user)"

alice_lists_bob || die "the fixtures' alice-bob friendship is missing on a new database"
answer=$(curl -fsS -X POST "$(zego DeleteFriends)" -H 'Content-Type: application/json' \
  -d '{"FromUserId":"alice","UserIds":["bob"],"DeleteType":0}')
grep -q '"Code":0' <<<"$answer" || die "signed DeleteFriends: $answer"
! alice_lists_bob || die "alice still lists bob after DeleteFriends"
ok "signed ZEGO DeleteFriends: $answer"

sig=$(docker exec "$name" /mockserver usersig)
answer=$(curl -fsS -X POST "$base/v4/sns/friend_check?sdkappid=1400000000&identifier=administrator&usersig=$sig&random=$RANDOM&contenttype=json" \
  -H 'Content-Type: application/json' \
  -d '{"From_Account":"alice","To_Account":["bob"],"CheckType":"CheckResult_Type_Both"}')
grep -q '"Relation":"CheckResult_Type_BothWay"' <<<"$answer" || die "TIM friend_check with a UserSig: $answer"
ok "TIM friend_check with a UserSig (its app is apart from the ZEGO one): $answer"

# HTTPS as an SDK that hard-codes the vendor's host sees it: the name maps to
# the container, the chain verifies against the CA the server hands out.
curl -fsS "$base/_mock/tls/ca.pem" >"$ctx/ca.pem" || die "GET /_mock/tls/ca.pem"
answer=$(curl -fsS --cacert "$ctx/ca.pem" --connect-to "zim-api.zego.im:443:127.0.0.1:$tls_port" \
  "$(docker exec "$name" /mockserver sign zego --base-url https://zim-api.zego.im/ --app-id 1234567890 \
      --secret 0123456789abcdef0123456789abcdef --action QueryFriendList)&FromUserId=carol") ||
  die "https://zim-api.zego.im through the local CA"
grep -q '"Code":0' <<<"$answer" || die "QueryFriendList over HTTPS: $answer"
ok "HTTPS as zim-api.zego.im, verified with the CA from /_mock/tls/ca.pem: Code 0"

docker restart -t 10 "$name" >/dev/null
wait_healthy "after docker restart"
! alice_lists_bob || die "the delete did not survive docker restart"
ok "the delete survived docker restart"

stop "first container"
docker rm "$name" >/dev/null
start
wait_healthy "a new container on the same volume"
! alice_lists_bob || die "the delete did not survive a new container on the volume"
ok "the delete survived a new container on the volume ($vol:/data, --db /data/imemu.db)"
curl -fsS "$base/_mock/tls/ca.pem" | cmp -s - "$ctx/ca.pem" || die "the new container made another CA instead of keeping /data/tls"
ok "the new container kept the local CA in /data/tls"
stop "second container"
docker rm "$name" >/dev/null

# GitHub Actions services tune the check with options: --health-interval
# without --health-cmd keeps the image's exec-form test (a --health-cmd would
# run through /bin/sh, which the image lacks).
docker run -d --name "$name" --network host -e MOCKSERVER_ADDR="127.0.0.1:$port" \
  --health-interval 1s --health-retries 30 imemu:ci >/dev/null
wait_healthy "--health-interval 1s, the image's own test"
test=$(docker inspect -f '{{json .Config.Healthcheck.Test}}' "$name")
[ "$test" = '["CMD","/mockserver","healthcheck"]' ] || die "health test with tuned options is $test"
stop "tuned health options"
docker rm "$name" >/dev/null

compose=
if docker compose version >/dev/null 2>&1; then compose="docker compose"
elif command -v docker-compose >/dev/null; then compose=docker-compose
fi
if [ -n "$compose" ]; then
  # Only parsed: `up` would create a bridge network, which this engine must not.
  $compose -f examples/ci/docker-compose.yml config -q || die "examples/ci/docker-compose.yml is not a valid compose file"
  ok "examples/ci/docker-compose.yml is a valid compose file ($compose config)"
else
  echo "container-test: no docker compose: examples/ci/docker-compose.yml is checked by go test only"
fi

echo "container-test: all checks passed"
