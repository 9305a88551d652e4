package dev.warren.common.text;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * What went wrong with a file, in words a user reads: the JDK's {@link FileSystemException}s carry only the path as
 * their message ({@code NoSuchFileException: /etc/x}), so "htpasswd /etc/x: /etc/x" said nothing about why.
 */
public final class IoErrors {
    private IoErrors() {}

    /** "FILE: reason" when the exception names a file, else the reason. */
    public static String describe(IOException e) {
        return e instanceof FileSystemException f && f.getFile() != null ? f.getFile() + ": " + reason(e) : reason(e);
    }

    /** The reason alone, without the path ("no such file", "permission denied", "Is a directory"...). */
    public static String reason(IOException e) {
        return switch (e) {
            case NoSuchFileException x -> "no such file";
            case AccessDeniedException x -> "permission denied";
            case NotDirectoryException x -> "not a directory";
            case FileAlreadyExistsException x -> "already exists";
            case FileSystemException x when x.getReason() != null -> x.getReason();
            default -> e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        };
    }
}
