// nrc/io/output_folder.h
//
// OutputFolder: the folders nrc writes into (`--out` of train, sweep, verify,
// report, fuzz) are marked as nrc's by an empty file ".nrc" at their top, so
// that nrc never overwrites a folder it did not make.
//
// Claim(dir, force):
//   - dir missing: creates it and its missing parents, each with the marker;
//   - dir empty, or carrying the marker: writes the marker (if missing);
//   - dir non-empty without the marker: refused with std::invalid_argument
//     ("output folder DIR: folder is not empty and was not made by nrc (no .nrc
//     marker); use --force to write into it anyway"), unless `force`;
//   - dir a file, or not creatable/writable: std::invalid_argument naming it.
// Folders that Claim created are remembered for the process:
// RemoveCreatedIfEmpty() deletes each of them again when it holds nothing but
// the marker (apps/main.cc calls it when a command fails, so a failed run
// does not leave an empty --out folder behind), deepest first, so that
// parents it created go too when nothing else is in them.
#ifndef NRC_IO_OUTPUT_FOLDER_H_
#define NRC_IO_OUTPUT_FOLDER_H_

#include <filesystem>

namespace nrc {

struct OutputFolder {
  static constexpr const char* kMarker = ".nrc";

  static void Claim(const std::filesystem::path& dir, bool force);
  // True when dir does not exist, is an empty folder, or carries the marker.
  static bool IsClaimable(const std::filesystem::path& dir);
  // Writes the marker into an existing folder (run directories that nrc
  // writes below a claimed folder carry it too).
  static void Mark(const std::filesystem::path& dir);
  static void RemoveCreatedIfEmpty();
};

}  // namespace nrc

#endif  // NRC_IO_OUTPUT_FOLDER_H_
