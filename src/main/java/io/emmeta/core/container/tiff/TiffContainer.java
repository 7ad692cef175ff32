package io.emmeta.core.container.tiff;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.imaging.FormatCompliance;
import org.apache.commons.imaging.ImagingException;
import org.apache.commons.imaging.bytesource.RangedByteSource;
import org.apache.commons.imaging.formats.tiff.TiffContents;
import org.apache.commons.imaging.formats.tiff.TiffDirectory;
import org.apache.commons.imaging.formats.tiff.TiffReader;

import io.emmeta.core.source.ByteSource;

/**
 * The IFDs of a TIFF, parsed by Commons Imaging over ranged reads: tag entries and tag payloads only, never the
 * pixel strips. Shared by detection and the vendor readers so the structure is walked once.
 */
public final class TiffContainer {

    /** Refuse files with more pages than this: a page costs an IFD read, and stacks this deep carry one block per page. */
    public static final int MAX_PAGES = 4096;

    private final List<TiffPage> pages;
    private final boolean bigEndian;

    private TiffContainer(List<TiffPage> pages, boolean bigEndian) {
        this.pages = pages;
        this.bigEndian = bigEndian;
    }

    public static TiffContainer read(ByteSource source) throws IOException, ImagingException {
        TiffContents contents = new TiffReader(false)
                .readDirectories(new RangedByteSource(source), false, FormatCompliance.getDefault());
        List<TiffPage> pages = new ArrayList<>();
        boolean be = false;
        for (TiffDirectory dir : contents.directories) {
            if (dir.type < 0) {
                continue; // EXIF/GPS/interop sub-IFDs: not pages
            }
            if (pages.size() >= MAX_PAGES) {
                break;
            }
            pages.add(new TiffPage(pages.size(), dir));
            be = dir.getByteOrder() == java.nio.ByteOrder.BIG_ENDIAN;
        }
        if (pages.isEmpty()) {
            throw new ImagingException("TIFF has no image directory");
        }
        return new TiffContainer(List.copyOf(pages), be);
    }

    public List<TiffPage> pages() {
        return pages;
    }

    public TiffPage first() {
        return pages.get(0);
    }

    public boolean bigEndian() {
        return bigEndian;
    }

    /** True when any page carries the tag. */
    public boolean has(int tag) {
        return pages.stream().anyMatch(p -> p.has(tag));
    }
}
