# syntax=docker/dockerfile:1
# imemu: a static mockserver on distroless (no shell, no libc needed), non-root.

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# Same script .ci/run checks: static cgo build, sqlite_omit_load_extension, netgo, osusergo.
RUN ./scripts/build-static.sh /out/mockserver && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/mockserver /mockserver
# A writable place for --db /data/imemu.db.
COPY --from=build --chown=65532:65532 /out/data /data
ENV MOCKSERVER_ADDR=0.0.0.0:8080
EXPOSE 8080
USER 65532:65532
# The binary checks itself: distroless has no shell or curl.
HEALTHCHECK --interval=5s --timeout=3s --start-period=1s --retries=3 CMD ["/mockserver", "healthcheck"]
ENTRYPOINT ["/mockserver"]
