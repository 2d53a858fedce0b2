# oncomatch container (Debian 12). The build stage mirrors scripts/demo step for step:
# scripts/deps (the same Debian packages), `cmake --preset release`, build the oncomatch target;
# then it installs (binary + bundled knowledgebase under /usr/local) and runs the demo's two
# commands on the bundled colon tumour (JSON, TSV, PDF, HTML; a Chinese PDF with the example lab
# configuration). The runtime stage has only the shared libraries (htslib, TBB, yaml-cpp, Boost,
# OpenSSL, cairo/pango) and the fonts (Noto, Noto CJK, DejaVu) the clinician report needs.
#   docker build -t oncomatch:0.1.0 .
#   docker run --rm -v "$PWD":/data -w /data oncomatch:0.1.0 \
#     annotate examples/T001-COAD.grch37.vcf.gz --tumor-type COADREAD --genome GRCh37 --out-dir out
FROM debian:12 AS build
WORKDIR /src
COPY scripts/deps scripts/deps
RUN scripts/deps && rm -rf /var/lib/apt/lists/*
COPY . .
RUN rm -rf build \
 && cmake --preset release >/dev/null \
 && cmake --build --preset release -j"$(nproc)" --target oncomatch \
 && cmake --install build/release --prefix /usr/local \
 && ONCOMATCH_CACHE_DIR=/tmp/kbcache oncomatch annotate examples/T001-COAD.grch37.vcf.gz \
      --tumor-type COADREAD --genome GRCh37 --sample-id T001-COAD --kb knowledgebase --out-dir /tmp/demo \
      --formats json,tsv,pdf,html --clinical country=CN \
 && ONCOMATCH_CACHE_DIR=/tmp/kbcache oncomatch report /tmp/demo/T001-COAD.oncomatch.json -o /tmp/demo/T001-COAD.zh.pdf \
      --lang zh --lab-config tests/data/report/lab.yaml \
 && test -s /tmp/demo/T001-COAD.oncomatch.json && test -s /tmp/demo/T001-COAD.oncomatch.pdf && test -s /tmp/demo/T001-COAD.zh.pdf

FROM debian:12
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      libhts3 libdeflate0 libtbb12 libyaml-cpp0.7 libboost-program-options1.74.0 libssl3 zlib1g \
      libcairo2 libpango-1.0-0 libpangocairo-1.0-0 fonts-noto-core fonts-noto-cjk fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /usr/local/bin/oncomatch /usr/local/bin/oncomatch
COPY --from=build /usr/local/share/oncomatch /usr/local/share/oncomatch
# The compiled-knowledgebase cache goes to a writable place whatever user the engine runs as.
ENV ONCOMATCH_CACHE_DIR=/tmp/oncomatch-cache
RUN oncomatch --version
ENTRYPOINT ["oncomatch"]
