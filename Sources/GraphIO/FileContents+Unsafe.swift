#if canImport(Glibc)
import Glibc
#endif

/// A whole file read into memory the graph can keep: binary graphs hold on to their file's
/// bytes (`EncodedSource`) so unchanged nodes are written back by copying. A mapping would
/// save one copy but would tie the graph to a file another program may truncate under it.
enum FileContents {
    static func read(_ path: String) throws(GraphIOError) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .cannotRead(path: path, reason: reason(errno)) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .cannotRead(path: path, reason: reason(errno)) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw .cannotRead(path: path, reason: "not a regular file") }
        let size = Int(info.st_size)
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0
            while count < size {
                let got = Glibc.read(fd, buffer.baseAddress! + count, size - count)
                if got < 0 && errno == EINTR { continue }
                if got < 0 { failure = errno; return }
                if got == 0 { break }  // the file shrank while being read
                count += got
            }
        }
        if failure != 0 { throw .cannotRead(path: path, reason: reason(failure)) }
        return bytes
    }

    private static func reason(_ code: Int32) -> String {
        code == ENOENT ? "no such file" : String(cString: strerror(code)).lowercased()
    }
}
