// Reference landmarks for the Java port of dlib's shape predictor (org.tnas.pipelines.face.Dlib68Model).
// Reads 8-bit gray PGM frames named on the command line, finds the largest face with dlib's own HOG
// frontal face detector, runs dlib's shape predictor on it and prints one line per frame:
//   <name> <left> <top> <right> <bottom> <x0> <y0> ... <x67> <y67>
// Built against Debian's libdlib-dev; the model is Debian's libdlib-data file (first argument).
#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <fstream>
#include <iostream>

// Binary PGM (P5, maxval 255) without comments, as OpenCV's imwrite writes it.
static void load_pgm(dlib::array2d<unsigned char>& image, const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::string magic;
  long width, height, maxval;
  in >> magic >> width >> height >> maxval;
  in.get();
  if (magic != "P5" || maxval != 255) throw std::runtime_error(std::string("not an 8-bit P5 PGM: ") + path);
  image.set_size(height, width);
  for (long y = 0; y < height; ++y) in.read(reinterpret_cast<char*>(&image[y][0]), width);
}

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: dlib_landmarks <shape_predictor_68_face_landmarks.dat> <frame.pgm>..." << std::endl;
    return 2;
  }
  dlib::shape_predictor predictor;
  dlib::deserialize(argv[1]) >> predictor;
  dlib::frontal_face_detector detector = dlib::get_frontal_face_detector();
  for (int a = 2; a < argc; ++a) {
    dlib::array2d<unsigned char> image;
    load_pgm(image, argv[a]);
    std::vector<dlib::rectangle> faces = detector(image);
    if (faces.empty()) {
      std::cout << argv[a] << " none" << std::endl;
      continue;
    }
    dlib::rectangle best = faces[0];
    for (const dlib::rectangle& face : faces) {
      if (face.area() > best.area()) best = face;
    }
    dlib::full_object_detection shape = predictor(image, best);
    std::string name(argv[a]);
    name = name.substr(name.find_last_of('/') + 1);
    std::cout << name << ' ' << best.left() << ' ' << best.top() << ' ' << best.right() << ' ' << best.bottom();
    for (unsigned long i = 0; i < shape.num_parts(); ++i) {
      std::cout << ' ' << shape.part(i).x() << ' ' << shape.part(i).y();
    }
    std::cout << std::endl;
  }
  return 0;
}
