import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Writes the dashboard's favicon.ico (16, 32 and 48 pixels, each a PNG inside the ICO container) with the drawing of
 * favicon.svg beside it, for clients that ask for /favicon.ico. Run from the repository's root:
 * {@code java -Djava.awt.headless=true warren-api/src/build/FaviconIco.java}.
 */
public class FaviconIco {
    public static void main(String[] args) throws IOException {
        List<byte[]> pngs = new ArrayList<>();
        int[] sizes = {16, 32, 48};
        for (int size : sizes) {
            pngs.add(png(size));
        }
        ByteBuffer ico = ByteBuffer.allocate(6 + 16 * sizes.length + pngs.stream().mapToInt(p -> p.length).sum())
                .order(ByteOrder.LITTLE_ENDIAN);
        ico.putShort((short) 0).putShort((short) 1).putShort((short) sizes.length);
        int offset = 6 + 16 * sizes.length;
        for (int i = 0; i < sizes.length; i++) {
            ico.put((byte) sizes[i]).put((byte) sizes[i]).put((byte) 0).put((byte) 0);
            ico.putShort((short) 1).putShort((short) 32).putInt(pngs.get(i).length).putInt(offset);
            offset += pngs.get(i).length;
        }
        pngs.forEach(ico::put);
        Files.write(Path.of("warren-api/src/main/resources/dev/warren/api/dashboard/favicon.ico"), ico.array());
    }

    /** favicon.svg's drawing (a 32-unit square) at {@code size} pixels. */
    private static byte[] png(int size) throws IOException {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.scale(size / 32.0, size / 32.0);
        g.setColor(new Color(0x2a6f97));
        g.fill(new RoundRectangle2D.Double(0, 0, 32, 32, 12, 12));
        Path2D w = new Path2D.Double();
        w.moveTo(6, 9);
        w.lineTo(10.5, 23);
        w.lineTo(16, 12);
        w.lineTo(21.5, 23);
        w.lineTo(26, 9);
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(w);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
