// nrc/io/output_folder.h
//
// OutputFolder: the folders nrc writes into (`--out` of train, import,
// polish, sweep, verify, report, fuzz) are marked as nrc's by an empty file
// ".nrc" at their top, so that nrc never overwrites a folder it did not make.
// docs/output-folders.md is the user's description of this protocol.
//
// Claim(dir, force), for any number of processes at once (the shards of a
// Slurm array or of GNU parallel starting together into one new --out, on
// one machine or on several sharing the folder):
//   - dir missing: created atomically already marked. The folder is built
//     under a private temporary name beside it (".nrc-new-HOST-PID-N", the
//     marker inside) and renamed into place without replacing anything; if
//     another process's folder got there first, this claim joins that one.
//     Missing parents are created the same way, each with the marker.
//   - dir present: this process first leaves its claim file in it
//     (".nrc-claim-HOST-PID-N", removed when the command ends), then looks:
//     a folder carrying the marker, an empty one, or one holding only nrc's
//     own claim files and temporary folders is nrc's (the marker is written
//     if missing); any other content is refused with std::invalid_argument
//     ("output folder DIR: folder is not empty and was not made by nrc (no
//     .nrc marker); use --force to write into it anyway"), unless `force`:
//     then the marker is only written by CommitMarkers(), i.e. when the
//     command succeeded, so that a failed forced run leaves no marker behind
//     that would later let a run without --force overwrite the user's files.
//   - dir a file, a link to nothing, or not creatable/writable:
//     std::invalid_argument naming it.
// Every claimed folder becomes a write root: below it nrc never writes
// through a symbolic link it did not make (io/atomic_file.h).
//
// When the command ends, apps/main.cc calls exactly one of:
//   CommitMarkers()         (the command succeeded) writes the markers that
//                           waited for success (--force) and removes this
//                           process's claim files;
//   RemoveCreatedIfEmpty()  (the command failed) removes this process's
//                           claim files, then every folder this process
//                           alone created that holds nothing but the marker
//                           (deepest first, so created parents go too), and
//                           the marker it wrote into a folder that held
//                           nothing before, if nothing else came in. A folder
//                           another process claimed (its claim file is in
//                           it) or wrote into is never removed: the removal
//                           is rmdir, which fails on any content, and the
//                           marker is put back when it does.
// Claim files of processes killed on this machine (dead process id) are
// removed by the next claim; a killed claimer on another machine leaves its
// claim file, which only keeps the folder from being removed.
#ifndef NRC_IO_OUTPUT_FOLDER_H_
#define NRC_IO_OUTPUT_FOLDER_H_

#include <filesystem>

namespace nrc {

struct OutputFolder {
  static constexpr const char* kMarker = ".nrc";
  static constexpr const char* kClaimPrefix = ".nrc-claim-";
  static constexpr const char* kNewPrefix = ".nrc-new-";

  static void Claim(const std::filesystem::path& dir, bool force);
  // True when dir does not exist, or is a folder that carries the marker, is
  // empty, or holds only nrc's claim files and temporary folders.
  static bool IsClaimable(const std::filesystem::path& dir);
  // Marks a folder nrc made below a claimed one (run directories); nothing
  // for a folder claimed with --force whose marker waits for success.
  static void Mark(const std::filesystem::path& dir);
  // A folder a parent nrc process made for this one (the point worker of a
  // sweep): becomes a write root; refused (std::invalid_argument) when it is
  // a symbolic link or not a folder.
  static void Adopt(const std::filesystem::path& dir);
  static void CommitMarkers();
  static void RemoveCreatedIfEmpty();
};

}  // namespace nrc

#endif  // NRC_IO_OUTPUT_FOLDER_H_
