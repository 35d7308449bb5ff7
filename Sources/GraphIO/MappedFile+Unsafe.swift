#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A read-only view of a whole file, mapped with its pages populated up front: the
/// kernel maps page-cache pages in bulk, which is much cheaper than copying the file
/// into fresh memory (and faulting that memory in) or faulting a lazy mapping page by page.
enum MappedFile {
    struct Failure: Error { var code: Int32 }

    static func withContents<T>(of path: String, _ body: (UnsafeRawBufferPointer) throws(GraphIOError) -> T) throws(GraphIOError) -> T {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .cannotRead(path: path, reason: reason(errno)) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .cannotRead(path: path, reason: reason(errno)) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw .cannotRead(path: path, reason: "not a regular file") }
        let size = Int(info.st_size)
        guard size > 0 else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0), address != MAP_FAILED else {
            throw .cannotRead(path: path, reason: reason(errno))
        }
        defer { munmap(address, size) }
        return try body(UnsafeRawBufferPointer(start: address, count: size))
    }

    private static func reason(_ code: Int32) -> String {
        code == ENOENT ? "no such file" : String(cString: strerror(code)).lowercased()
    }
}
