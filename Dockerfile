# imemu: the static mockserver alone on an empty (scratch) image, non-root.
#   docker build -t imemu .
# Dockerfile.prebuilt has the same runtime stage (everything from "FROM
# scratch" on, checked by scripts/container-test.sh) fed by a binary built
# outside, as release tools like GoReleaser do; it needs no base image.

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# Same script .ci/run checks: static cgo build, sqlite_omit_load_extension, netgo, osusergo.
RUN ./scripts/build-static.sh /out/mockserver && \
    cp /etc/ssl/certs/ca-certificates.crt /out/ && mkdir -p /out/data

FROM scratch
COPY --from=build /out/mockserver /mockserver
# For https callback URLs (TIM callbacks): Go reads this path on Linux.
COPY --from=build /out/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
# A writable place for --db /data/imemu.db and the local TLS CA, owned by the
# numeric user below (scratch has no /etc/passwd and needs none). A new named
# volume mounted here starts as a copy of it, ownership included.
COPY --from=build --chown=65532:65532 /out/data /data
USER 65532:65532
ENV MOCKSERVER_ADDR=0.0.0.0:8080 \
    MOCKSERVER_TLS_DIR=/data/tls \
    HOME=/data
WORKDIR /data
EXPOSE 8080
# The binary checks itself: the image has no shell or curl.
HEALTHCHECK --interval=3s --timeout=3s --start-period=2s --retries=3 CMD ["/mockserver", "healthcheck"]
ENTRYPOINT ["/mockserver"]
