using System;
using System.IO;

namespace EdgeController.Hal.Esp32
{
    /// <summary>
    /// <see cref="INonVolatileStore"/> on the ESP32's internal flash file system, drive I:\
    /// (nanoframework/Samples, samples/System.IO.FileSystem/BasicFileSystemExample/Program.cs:
    /// I: is internal flash and needs no mount wait; D: and E: are removable and mount late).
    /// Every FileStream is disposed explicitly: File.WriteAllBytes in System.IO.FileSystem
    /// (File.cs @1098443) leaves the stream of its File.Create undisposed.
    /// A blob is the file I:\&lt;name&gt;, named exactly as the blob under the rule of
    /// <see cref="FlashFileNames"/> (Core's BlobNames rule, stated here because hal/Esp32 may not
    /// depend on Core, as the host's FolderNonVolatileStore states it), so the record files ec-provision writes into a folder ("settings.a", "settings.b")
    /// are deployed to I:\ byte for byte by tools/flash.sh.
    /// <para>Append opens the file with FileMode.Append and FileAccess.Write and makes one
    /// FileStream.Write: nf-interpreter's ESP32 WriteNative opens the file "a+" for every write
    /// (targets/ESP32/_nanoCLR/System.IO.FileSystem/nf_sys_io_filesystem_System_IO_FileStream.cpp
    /// @d56d73e), so the bytes go to the end and the file's earlier bytes are not rewritten. An
    /// older firmware opened it "w" there (@063b8e2), which truncates: the outbox's flash log
    /// needs a nanoCLR with the "a+" write. ReadAt seeks (FileStream.Seek, SeekOrigin.Begin, which
    /// refuses a position past Length) and reads; SizeOf is FileStream.Length (a stat).</para>
    /// </summary>
    public sealed class FlashFileStore : INonVolatileStore
    {
        /// <summary>The internal flash drive.</summary>
        public const string InternalDrive = "I:\\";

        /// <summary>The board config file on the internal drive (board-configs/&lt;board&gt;.json, deployed by tools/flash.sh).</summary>
        public const string BoardConfigFileName = "board.json";

        private readonly string _root;

        /// <summary>Stores blobs as files under root (I:\ by default).</summary>
        public FlashFileStore(string root)
        {
            _root = root;
        }

        /// <summary>Stores blobs on the internal drive.</summary>
        public FlashFileStore()
            : this(InternalDrive)
        {
        }

        /// <summary>The full path of a blob (also used for the settings and board config files).</summary>
        public string PathOf(string name)
        {
            if (!FlashFileNames.IsValid(name))
            {
                throw new ArgumentException("a blob name is 1..32 of letters, digits, '.', '-' and '_', not starting with '.'", "name");
            }

            return _root + name;
        }

        /// <inheritdoc />
        public bool TryRead(string name, byte[] buffer, out int length)
        {
            string path = PathOf(name);
            length = 0;
            if (!File.Exists(path))
            {
                return false;
            }

            using (FileStream stream = new FileStream(path, FileMode.Open, FileAccess.Read))
            {
                if (stream.Length > buffer.Length)
                {
                    length = -1;
                    return false;
                }

                int total = (int)stream.Length;
                int done = 0;
                while (done < total)
                {
                    int read = stream.Read(buffer, done, total - done);
                    if (read <= 0)
                    {
                        break;
                    }

                    done += read;
                }

                length = done;
                return done == total;
            }
        }

        /// <inheritdoc />
        public void Write(string name, byte[] data, int length)
        {
            using (FileStream stream = new FileStream(PathOf(name), FileMode.Create, FileAccess.Write))
            {
                stream.Write(data, 0, length);
                stream.Flush();
            }
        }

        /// <inheritdoc />
        public void Delete(string name)
        {
            string path = PathOf(name);
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }

        /// <inheritdoc />
        public void Append(string name, byte[] data, int offset, int length)
        {
            using (FileStream stream = new FileStream(PathOf(name), FileMode.Append, FileAccess.Write))
            {
                stream.Write(data, offset, length);
                stream.Flush();
            }
        }

        /// <inheritdoc />
        public int ReadAt(string name, int position, byte[] buffer, int offset, int count)
        {
            string path = PathOf(name);
            if (!File.Exists(path))
            {
                return 0;
            }

            using (FileStream stream = new FileStream(path, FileMode.Open, FileAccess.Read))
            {
                long size = stream.Length;
                if (position >= size)
                {
                    return 0;
                }

                if (count > size - position)
                {
                    count = (int)(size - position);
                }

                stream.Seek(position, SeekOrigin.Begin);
                int done = 0;
                while (done < count)
                {
                    int read = stream.Read(buffer, offset + done, count - done);
                    if (read <= 0)
                    {
                        break;
                    }

                    done += read;
                }

                return done;
            }
        }

        /// <inheritdoc />
        public int SizeOf(string name)
        {
            string path = PathOf(name);
            if (!File.Exists(path))
            {
                return -1;
            }

            using (FileStream stream = new FileStream(path, FileMode.Open, FileAccess.Read))
            {
                return (int)stream.Length;
            }
        }

        /// <summary>Reads a whole text file of the drive (UTF-8), or null when it does not exist or exceeds maxBytes.</summary>
        public string ReadText(string name, int maxBytes)
        {
            byte[] buffer = new byte[maxBytes];
            int length;
            if (!TryRead(name, buffer, out length))
            {
                return null;
            }

            return System.Text.Encoding.UTF8.GetString(buffer, 0, length);
        }
    }
}
