import de.unihd.dbs.heideltime.standalone.DocumentType;
import de.unihd.dbs.heideltime.standalone.HeidelTimeStandalone;
import de.unihd.dbs.heideltime.standalone.OutputType;
import de.unihd.dbs.heideltime.standalone.POSTagger;
import de.unihd.dbs.heideltime.standalone.components.impl.TimeMLResultFormatter;
import de.unihd.dbs.uima.annotator.heideltime.resources.Language;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.SimpleDateFormat;

/**
 * Runs HeidelTime (English, news, TreeTagger) over many documents in one JVM: the standalone jar's command line
 * takes one document per start, and a start costs seconds. Reads lines "INPUT<TAB>DCT<TAB>OUTPUT" on standard
 * input; a document that fails is named on standard error and the rest still run.
 */
public class HeidelTimeBatch {
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java -cp heideltime.jar:. HeidelTimeBatch CONFIG.PROPS < jobs.tsv");
            System.exit(2);
        }
        HeidelTimeStandalone.readConfigFile(args[0]);
        HeidelTimeStandalone tagger = new HeidelTimeStandalone(
                Language.ENGLISH, DocumentType.NEWS, OutputType.TIMEML, args[0], POSTagger.TREETAGGER);
        TimeMLResultFormatter formatter = new TimeMLResultFormatter();
        SimpleDateFormat day = new SimpleDateFormat("yyyy-MM-dd");
        day.setLenient(false);
        int failed = 0;
        BufferedReader jobs = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = jobs.readLine()) != null; ) {
            String[] job = line.split("\t");
            try {
                if (job.length != 3) {
                    throw new IllegalArgumentException("expected INPUT<TAB>DCT<TAB>OUTPUT, got " + line);
                }
                String text = Files.readString(Path.of(job[0]), StandardCharsets.UTF_8);
                String timeml = tagger.process(text, day.parse(job[1]), formatter);
                Path output = Path.of(job[2]);
                Files.createDirectories(output.getParent());
                Files.writeString(output, timeml, StandardCharsets.UTF_8);
            } catch (Exception e) {
                failed++;
                System.err.println("failed: " + job[0] + ": " + e);
            }
        }
        if (failed > 0) {
            System.err.println("failed: " + failed + " document(s)");
            System.exit(1);
        }
    }
}
