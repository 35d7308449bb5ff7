#if canImport(Glibc)
import Glibc
#endif

/// A whole file's bytes, two ways. `read` copies them into memory the graph can keep:
/// binary graphs hold on to their file (`EncodedSource`) so unchanged nodes are written back
/// by copying, and a mapping kept that long would tie the graph to a file another program
/// may truncate under it. `withMapping` lends them only for a call, mapped with the pages
/// populated up front: the kernel maps page-cache pages in bulk, much cheaper than copying
/// the file into fresh memory (and faulting that memory in).
enum FileContents {
    static func read(_ path: String) throws(GraphIOError) -> [UInt8] {
        let (fd, size) = try openRegularFile(path)
        defer { close(fd) }
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

    static func withMapping<T>(of path: String, _ body: (UnsafeRawBufferPointer) throws(GraphIOError) -> T) throws(GraphIOError) -> T {
        let (fd, size) = try openRegularFile(path)
        defer { close(fd) }
        guard size > 0 else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0), address != MAP_FAILED else {
            throw .cannotRead(path: path, reason: reason(errno))
        }
        defer { munmap(address, size) }
        return try body(UnsafeRawBufferPointer(start: address, count: size))
    }

    /// The open descriptor (the caller closes it) and the file's size.
    private static func openRegularFile(_ path: String) throws(GraphIOError) -> (fd: Int32, size: Int) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .cannotRead(path: path, reason: reason(errno)) }
        var info = stat()
        if fstat(fd, &info) != 0 {
            let code = errno
            close(fd)
            throw .cannotRead(path: path, reason: reason(code))
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw .cannotRead(path: path, reason: "not a regular file")
        }
        return (fd, Int(info.st_size))
    }

    private static func reason(_ code: Int32) -> String {
        code == ENOENT ? "no such file" : String(cString: strerror(code)).lowercased()
    }
}
