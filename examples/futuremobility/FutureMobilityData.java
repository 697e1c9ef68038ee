import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The raw data of the FutureMobility lakehouse: an EV maker (EcoRide) and a charging network (ChargeNet).
 *
 * <p>Deterministic: the same seed and scale give the same bytes on every machine (java.util.Random is
 * specified to the bit, every number is formatted with Locale.ROOT). Realistic values with deliberate mess,
 * so that cleaning and rejects have work to do: duplicates, missing fields, mixed date formats and units,
 * enum spellings, and a few malformed records per dataset. A malformed record is always an extra record
 * (a junk line, a resent row with a broken date): every real sale, customer, station and vehicle is
 * readable, so the relationships between the datasets hold after bronze rejects the junk.
 *
 * <p>Run with a JDK 25, no build needed:
 * <pre>java examples/futuremobility/FutureMobilityData.java [--scale N] [--seed S] [--out DIR]</pre>
 * The committed sample under {@code examples/futuremobility/data} is scale 1, seed 42.
 */
public final class FutureMobilityData {
    private static final Locale ROOT = Locale.ROOT;
    private static final YearMonth FIRST_SALES_MONTH = YearMonth.of(2024, 1);
    private static final YearMonth FIRST_FLEET_MONTH = YearMonth.of(2025, 1);
    private static final int MONTHS_OF_SALES = 24;
    private static final int MONTHS_OF_FLEET = 12;

    record Model(String name, String segment, double batteryKwh, int rangeKm, int priceEur, int firstYear) {
    }

    record Customer(String id, String name, Integer age, String city, String country, String email, LocalDate signup) {
    }

    record Sale(long id, String customerId, String vin, Model model, int modelYear, LocalDate date, double price, String dealer, String region) {
    }

    record Station(String id, String city, String country, double lat, double lon, int capacity, String chargerType, String operator, LocalDate opened) {
    }

    private static final List<Model> MODELS = List.of(
            new Model("EcoRide Spark", "compact", 42.0, 320, 29990, 2022),
            new Model("EcoRide Volt", "sedan", 64.0, 450, 41990, 2022),
            new Model("EcoRide Terra", "suv", 77.0, 480, 52990, 2022),
            new Model("EcoRide Nova", "suv", 98.0, 560, 68990, 2023),
            new Model("EcoRide Cargo", "van", 75.0, 330, 47990, 2023),
            new Model("EcoRide Zephyr", "sports", 90.0, 510, 84990, 2024));

    private static final String[][] CITIES = {
            {"Berlin", "DE", "52.5200", "13.4050"}, {"Munich", "DE", "48.1351", "11.5820"}, {"Hamburg", "DE", "53.5511", "9.9937"},
            {"Paris", "FR", "48.8566", "2.3522"}, {"Lyon", "FR", "45.7640", "4.8357"}, {"Amsterdam", "NL", "52.3676", "4.9041"},
            {"Rotterdam", "NL", "51.9244", "4.4777"}, {"Oslo", "NO", "59.9139", "10.7522"}, {"Stockholm", "SE", "59.3293", "18.0686"},
            {"Copenhagen", "DK", "55.6761", "12.5683"}};
    private static final Map<String, String> REGION_OF_COUNTRY = Map.of("DE", "central", "FR", "west", "NL", "west", "NO", "north", "SE", "north",
            "DK", "north");
    private static final String[] FIRST_NAMES = {"Anna", "Ben", "Clara", "David", "Emma", "Felix", "Greta", "Hugo", "Ida", "Jonas", "Lea", "Lukas",
            "Marie", "Noah", "Olivia", "Paul", "Sofia", "Theo", "Vera", "Yusuf", "Zoe", "Amir", "Chloe", "Erik", "Freya", "Lars", "Nora", "Sven"};
    private static final String[] LAST_NAMES = {"Müller", "Schmidt", "Dubois", "Martin", "de Vries", "Jansen", "Hansen", "Johansson", "Nielsen",
            "Weber", "Bernard", "Larsen", "Berg", "Fischer", "Moreau", "Bakker", "Lindqvist", "Olsen", "Wagner", "Laurent"};
    private static final String[] DEALERS = {"EcoRide Berlin Mitte", "EcoRide München Süd", "AutoHaus Nord", "EcoRide Paris Est", "Lyon EV Center",
            "EcoRide Amsterdam", "Nordic EV Oslo", "Stockholm Elbil", "København EV"};
    private static final String[] OPERATORS = {"ChargeNet", "ChargeNet", "ChargeNet", "CityPower", "RoadVolt"};
    private static final String[] ERROR_CODES = {"P0A80", "P0AA6", "P1E00", "U0100", "B1A01", "P0C78"};
    private static final String[] SERVICES = {"annual_inspection", "tyre_rotation", "brake_service", "software_update", "battery_check"};
    private static final String[] ROUTINE_SERVICES = {"annual_inspection", "tyre_rotation", "brake_service", "software_update"};
    /** Battery pack deterioration, battery pack sensor, battery voltage system: the hybrid/EV battery codes of ERROR_CODES. */
    private static final String[] BATTERY_CODES = {"P0A80", "P0AA6", "P0C78"};
    private static final String[] GOOD_WORDS = {"great range", "smooth ride", "excellent charging speed", "love the interior", "quiet and comfortable",
            "reliable", "fantastic value"};
    private static final String[] BAD_WORDS = {"poor range in winter", "slow charging", "software is buggy", "disappointing build quality",
            "noisy cabin", "expensive repairs", "unreliable"};

    private final Random random;
    /**
     * Draws the battery's story (battery codes of fast-fading packs, battery checks and replacements) apart from
     * {@code random}, so that every other dataset and every other telemetry field keep their bytes.
     */
    private final Random batteryRandom;
    private final int scale;
    private final Path out;

    private FutureMobilityData(long seed, int scale, Path out) {
        this.random = new Random(seed);
        this.batteryRandom = new Random(seed * 31 + 7);
        this.scale = scale;
        this.out = out;
    }

    public static void main(String[] args) throws IOException {
        int scale = 1;
        long seed = 42;
        Path out = Path.of("examples/futuremobility/data");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--scale" -> scale = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: java FutureMobilityData.java [--scale N] [--seed S] [--out DIR]");
                    System.exit(2);
                }
            }
        }
        if (scale < 1) {
            System.err.println("--scale must be 1 or more");
            System.exit(2);
        }
        new FutureMobilityData(seed, scale, out).generate();
        System.out.println("FutureMobility data at scale " + scale + " (seed " + seed + ") written to " + out);
    }

    private void generate() throws IOException {
        writeVehicles();
        List<Customer> customers = customers(1500 * scale);
        writeCustomers(customers);
        List<Sale> sales = writeSales(customers, 3000 * scale);
        List<Station> stations = writeStations(120 * scale);
        writeSessions(stations, sales, 12000 * scale);
        writeReviews(customers, 1200 * scale);
        writeVehicleHealth(sales);
        writeTariffs();
    }

    // ---- ChargeNet tariff sheets: fixed-width lines from the billing system (read by a Java ingest asset).

    private void writeTariffs() throws IOException {
        // The prices the sessions were billed at (0.39 EUR/kWh on AC, 0.59 on DC and HPC), and a line cut short.
        write("chargenet/tariffs.txt", """
                ac    2024-01-01  0.3900EUR
                dc    2024-01-01  0.5900EUR
                hpc   2024-01-01  0.5900EUR
                hpc   2026-01-010.69
                """);
    }

    // ---- EcoRide vehicles: one row per model and model year.

    private void writeVehicles() throws IOException {
        StringBuilder csv = new StringBuilder("model,model_year,battery_kwh,range_km,price_eur,segment\n");
        for (Model model : MODELS) {
            for (int year = model.firstYear(); year <= 2025; year++) {
                int improvements = year - model.firstYear();
                csv.append(String.format(ROOT, "%s,%d,%.1f,%d,%d.00,%s\n", model.name(), year, model.batteryKwh() + 2 * improvements,
                        model.rangeKm() + 15 * improvements, model.priceEur() + 1000 * improvements, model.segment()));
            }
        }
        // The catalogue export repeats a row and carries two broken ones.
        csv.append(String.format(ROOT, "%s,%d,%.1f,%d,%d.00,%s\n", "EcoRide Volt", 2024, 68.0, 480, 43990, "sedan"));
        csv.append("EcoRide Spark,2026,n/a,340,31990.00,compact\n");
        csv.append("EcoRide Terra,2026,81.0\n");
        write("ecoride/vehicles.csv", csv.toString());
    }

    // ---- EcoRide customers.

    private List<Customer> customers(int count) {
        List<Customer> customers = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String[] city = CITIES[random.nextInt(CITIES.length)];
            String first = pick(FIRST_NAMES);
            String last = pick(LAST_NAMES);
            Integer age = random.nextInt(40) == 0 ? null : 18 + random.nextInt(63);
            String email = random.nextInt(50) == 0 ? null
                    : (first + "." + last.replace(" ", "")).toLowerCase(ROOT).replace("ü", "ue") + i + "@example." + city[1].toLowerCase(ROOT);
            LocalDate signup = LocalDate.of(2023, 1, 1).plusDays(random.nextInt(1000));
            customers.add(new Customer(String.format(ROOT, "C%06d", i), first + " " + last, age, city[0], city[1], email, signup));
        }
        return customers;
    }

    private void writeCustomers(List<Customer> customers) throws IOException {
        StringBuilder csv = new StringBuilder("customer_id,name,age,city,country,email,signup_date\n");
        List<Customer> resent = new ArrayList<>();
        for (Customer customer : customers) {
            csv.append(customerLine(customer, messyEmail(customer.email()), messyCountry(customer.country()), messyDate(customer.signup())));
            if (random.nextInt(100) == 0) {
                resent.add(customer);
            }
        }
        // The CRM export appends customers whose details changed: the same id again, later in the file.
        for (Customer customer : resent) {
            csv.append(customerLine(customer, customer.email() == null ? null : customer.email().replace("@example.", "@mail."), customer.country(),
                    customer.signup().toString()));
        }
        csv.append("C999901,Broken Record\n");
        csv.append("C999902,Only Three,44\n");
        csv.append("C999903,Bad Age,forty,Berlin,DE,bad.age@example.de,2024-01-01\n");
        write("ecoride/customers.csv", csv.toString());
    }

    private static String customerLine(Customer customer, String email, String country, String signup) {
        return String.join(",", customer.id(), quoted(customer.name()), customer.age() == null ? "" : customer.age().toString(), customer.city(),
                country, email == null ? "" : email, signup) + "\n";
    }

    private String messyEmail(String email) {
        return email != null && random.nextInt(20) == 0 ? " " + email.toUpperCase(ROOT) + " " : email;
    }

    private String messyCountry(String country) {
        return switch (random.nextInt(25)) {
            case 0 -> country.toLowerCase(ROOT);
            case 1 -> " " + country;
            case 2 -> switch (country) {
                case "DE" -> "Germany";
                case "FR" -> "France";
                case "NL" -> "Netherlands";
                default -> country;
            };
            default -> country;
        };
    }

    /** Signup dates in the three formats the CRM has used over the years, and now and then an impossible one. */
    private String messyDate(LocalDate date) {
        return switch (random.nextInt(20)) {
            case 0, 1 -> date.format(DateTimeFormatter.ofPattern("dd.MM.yyyy", ROOT));
            case 2 -> date.format(DateTimeFormatter.ofPattern("yyyy/MM/dd", ROOT));
            case 3 -> random.nextInt(5) == 0 ? date.getYear() + "-02-30" : date.toString();
            default -> date.toString();
        };
    }

    // ---- EcoRide sales: one CSV per month.

    private List<Sale> writeSales(List<Customer> customers, int count) throws IOException {
        List<Sale> sales = new ArrayList<>();
        long saleId = 100000;
        for (int month = 0; month < MONTHS_OF_SALES; month++) {
            YearMonth yearMonth = FIRST_SALES_MONTH.plusMonths(month);
            StringBuilder csv = new StringBuilder("sale_id,customer_id,vin,vehicle_model,model_year,sale_date,price_eur,dealer,region\n");
            // Sales grow through the two years, with a spring and an autumn peak.
            double weight = (1 + month / 24.0) * (1 + 0.25 * StrictMath.sin((yearMonth.getMonthValue() - 2) * Math.PI / 6));
            int inMonth = (int) Math.round(count / (MONTHS_OF_SALES * 1.5) * weight);
            for (int i = 0; i < inMonth; i++) {
                Customer customer = customers.get(random.nextInt(customers.size()));
                Model model = modelOnSale(yearMonth.getYear());
                int modelYear = Math.min(yearMonth.getYear(), 2025);
                LocalDate date = yearMonth.atDay(1 + random.nextInt(yearMonth.lengthOfMonth()));
                int listPrice = model.priceEur() + 1000 * (modelYear - model.firstYear());
                double price = listPrice * (0.9 + random.nextInt(11) / 100.0);
                String region = REGION_OF_COUNTRY.get(customer.country());
                String dealer = random.nextInt(60) == 0 ? null : DEALERS[Math.floorMod(customer.city().hashCode(), DEALERS.length)];
                Sale sale = new Sale(saleId++, customer.id(), String.format(ROOT, "ER%s%09d", model.name().substring(8, 10).toUpperCase(ROOT), saleId),
                        model, modelYear, date, price, dealer, region);
                sales.add(sale);
                String line = saleLine(sale, sale.date().toString(), messyRegion(region));
                csv.append(line);
                if (random.nextInt(80) == 0) {
                    csv.append(line); // resent by the dealer system
                }
            }
            // A correction with an impossible date, and a line cut off by the export.
            if (month % 3 == 0) {
                Sale sale = sales.get(sales.size() - 1);
                csv.append(saleLine(new Sale(900000 + month, sale.customerId(), sale.vin(), sale.model(), sale.modelYear(), sale.date(), sale.price(),
                        sale.dealer(), sale.region()), yearMonth.getYear() + "-02-31", sale.region()));
            }
            if (month % 4 == 1) {
                csv.append(String.format(ROOT, "%d,%s,ERXX%09d\n", 950000 + month, customers.get(0).id(), month));
            }
            write(String.format(ROOT, "ecoride/sales-%s.csv", yearMonth), csv.toString());
        }
        return sales;
    }

    private Model modelOnSale(int year) {
        while (true) {
            Model model = pick(MODELS);
            if (model.firstYear() <= year && !(model.segment().equals("sports") && random.nextInt(3) != 0)) {
                return model;
            }
        }
    }

    private String saleLine(Sale sale, String date, String region) {
        return String.format(ROOT, "%d,%s,%s,%s,%d,%s,%.2f,%s,%s\n", sale.id(), sale.customerId(), sale.vin(), sale.model().name(), sale.modelYear(),
                date, sale.price(), sale.dealer() == null ? "" : quoted(sale.dealer()), region);
    }

    private String messyRegion(String region) {
        return switch (random.nextInt(30)) {
            case 0 -> region.toUpperCase(ROOT);
            case 1 -> " " + region.substring(0, 1).toUpperCase(ROOT) + region.substring(1) + " ";
            default -> region;
        };
    }

    // ---- ChargeNet stations: one JSON array.

    private List<Station> writeStations(int count) throws IOException {
        List<Station> stations = new ArrayList<>();
        List<String> records = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String[] city = CITIES[random.nextInt(CITIES.length)];
            String type = switch (random.nextInt(10)) {
                case 0, 1, 2, 3, 4 -> "ac";
                case 5, 6, 7 -> "dc";
                default -> "hpc";
            };
            Station station = new Station(String.format(ROOT, "CN-%04d", i), city[0], city[1],
                    Double.parseDouble(city[2]) + (random.nextInt(2001) - 1000) / 20000.0, Double.parseDouble(city[3]) + (random.nextInt(2001) - 1000) / 20000.0,
                    2 + 2 * random.nextInt(5), type, pick(OPERATORS), LocalDate.of(2022, 1, 1).plusDays(random.nextInt(900)));
            stations.add(station);
            records.add(stationJson(station, messyType(type), random.nextInt(30) == 0, "2025-01-01T00:00:00Z"));
        }
        // Three stations were extended during the year: sent again with more connectors and a later update time.
        for (int i = 0; i < 3; i++) {
            Station old = stations.get(random.nextInt(stations.size()));
            Station extended = new Station(old.id(), old.city(), old.country(), old.lat(), old.lon(), old.capacity() + 4, old.chargerType(), old.operator(),
                    old.opened());
            stations.set(stations.indexOf(old), extended);
            records.add(stationJson(extended, extended.chargerType(), false, "2025-06-1" + i + "T09:30:00Z"));
        }
        records.add("{\"station_id\": \"CN-9999\", \"name\": \"Test bay\", \"location\": {\"city\": \"Berlin\"}, \"capacity\": \"twelve\", "
                + "\"charger_type\": \"dc\", \"operator\": \"ChargeNet\", \"opened_at\": \"2025-01-01\", \"updated_at\": \"2025-01-01T00:00:00Z\"}");
        write("chargenet/stations.json", "[\n  " + String.join(",\n  ", records) + "\n]\n");
        return stations;
    }

    private String stationJson(Station station, String type, boolean withoutCity, String updatedAt) {
        String amenities = random.nextInt(4) == 0 ? ", \"amenities\": [\"cafe\", \"restroom\"]" : "";
        return String.format(ROOT, "{\"station_id\": \"%s\", \"name\": \"%s %s\", \"location\": {\"lat\": %.5f, \"lon\": %.5f%s, \"country\": \"%s\"}, "
                        + "\"capacity\": %d, \"charger_type\": \"%s\", \"operator\": \"%s\", \"opened_at\": \"%s\", \"updated_at\": \"%s\"%s}",
                station.id(), station.operator(), station.city(), station.lat(), station.lon(), withoutCity ? "" : ", \"city\": \"" + station.city() + "\"",
                station.country(), station.capacity(), type, station.operator(), station.opened(), updatedAt, amenities);
    }

    private String messyType(String type) {
        return switch (random.nextInt(20)) {
            case 0 -> type.toUpperCase(ROOT);
            case 1 -> type.substring(0, 1).toUpperCase(ROOT) + type.substring(1);
            default -> type;
        };
    }

    // ---- ChargeNet charging sessions: one JSONL file per month.

    private void writeSessions(List<Station> stations, List<Sale> sales, int count) throws IOException {
        long sessionId = 1;
        for (int month = 0; month < MONTHS_OF_FLEET; month++) {
            YearMonth yearMonth = FIRST_FLEET_MONTH.plusMonths(month);
            StringBuilder jsonl = new StringBuilder();
            for (int i = 0; i < count / MONTHS_OF_FLEET; i++) {
                Station station = stations.get((int) Math.floor(StrictMath.pow(random.nextDouble(), 1.6) * stations.size()));
                String vin = random.nextInt(10) < 6 ? sales.get(random.nextInt(sales.size())).vin() : String.format(ROOT, "WX%012d", random.nextInt(5000));
                LocalDateTime start = yearMonth.atDay(1 + random.nextInt(yearMonth.lengthOfMonth())).atTime(peakHour(), random.nextInt(60));
                double power = switch (station.chargerType()) {
                    case "ac" -> 11;
                    case "dc" -> 50;
                    default -> 150;
                };
                double kwh = Math.round((5 + random.nextInt(60) + random.nextInt(100) / 100.0) * 100) / 100.0;
                int minutes = (int) Math.ceil(kwh / power * 60 * (1.1 + random.nextInt(30) / 100.0));
                LocalDateTime end = start.plusMinutes(minutes);
                double cost = Math.round(kwh * (station.chargerType().equals("ac") ? 0.39 : 0.59) * 100) / 100.0;
                String offset = station.country().equals("DE") && random.nextBoolean() ? "+01:00" : "Z";
                // Times are local with the station's offset or UTC; convert the local wall time back to keep UTC equal.
                String startText = timestamp(start, offset);
                String endText = random.nextInt(200) == 0 ? null : timestamp(random.nextInt(300) == 0 ? start.minusMinutes(5) : end, offset);
                boolean legacy = random.nextInt(10) == 0;
                String energy = legacy ? String.format(ROOT, "\"energy_wh\": %d", Math.round(kwh * 1000)) : String.format(ROOT, "\"energy_kwh\": %.2f", kwh);
                String line = String.format(ROOT, "{\"session_id\": \"S%08d\", \"station_id\": \"%s\", \"vin\": \"%s\", \"start_time\": \"%s\", "
                                + "\"end_time\": %s, %s, \"cost_eur\": %.2f, \"payment\": {\"method\": \"%s\"}}\n",
                        sessionId++, station.id(), vin, startText, endText == null ? "null" : "\"" + endText + "\"", energy, cost,
                        random.nextBoolean() ? "card" : "app");
                jsonl.append(line);
                if (random.nextInt(50) == 0) {
                    jsonl.append(line); // delivered twice by the charger backend
                }
            }
            jsonl.append(String.format(ROOT, "{\"session_id\": \"S9%07d\", \"station_id\": \"CN-0001\", \"start_time\": \"%s-01T00:00:00Z\"\n", month,
                    yearMonth));
            write(String.format(ROOT, "chargenet/sessions-%s.jsonl", yearMonth), jsonl.toString());
        }
    }

    /** Arrival hours: a morning peak at 8, an evening peak at 18, little at night. */
    private int peakHour() {
        return switch (random.nextInt(10)) {
            case 0, 1, 2 -> 7 + random.nextInt(3);
            case 3, 4, 5, 6 -> 17 + random.nextInt(3);
            default -> 6 + random.nextInt(17);
        };
    }

    private static String timestamp(LocalDateTime utc, String offset) {
        if (offset.equals("Z")) {
            return utc.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME) + "Z";
        }
        return utc.atOffset(ZoneOffset.UTC).withOffsetSameInstant(ZoneOffset.of(offset)).toLocalDateTime().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                + offset;
    }

    // ---- Product reviews: a JSON array per quarter, with metadata that varies by channel.

    private void writeReviews(List<Customer> customers, int count) throws IOException {
        long reviewId = 1;
        int quarters = 8;
        for (int quarter = 0; quarter < quarters; quarter++) {
            List<String> records = new ArrayList<>();
            int year = 2024 + quarter / 4;
            for (int i = 0; i < count / quarters; i++) {
                Model model = modelOnSale(year);
                int rating = rating(model);
                Customer customer = customers.get(random.nextInt(customers.size()));
                LocalDate date = LocalDate.of(year, 1 + 3 * (quarter % 4), 1).plusDays(random.nextInt(90));
                String text = reviewText(rating);
                records.add(String.format(ROOT, "{\"review_id\": %d, \"vehicle_model\": \"%s\", \"customer_id\": \"%s\", \"rating\": %d, "
                                + "\"title\": \"%s\", \"text\": \"%s\", \"created_at\": \"%sT%02d:%02d:00Z\", \"metadata\": %s}",
                        reviewId++, model.name(), customer.id(), rating, rating >= 4 ? "Happy with it" : rating == 3 ? "Mixed feelings" : "Not impressed",
                        text, date, random.nextInt(24), random.nextInt(60), reviewMetadata()));
            }
            if (quarter % 2 == 0) {
                records.add(String.format(ROOT, "{\"review_id\": %d, \"vehicle_model\": \"EcoRide Volt\", \"customer_id\": \"C000002\", "
                        + "\"rating\": \"five stars\", \"text\": \"Imported from the old forum\", \"metadata\": {\"source\": \"forum\"}}", 900000 + quarter));
            }
            write(String.format(ROOT, "reviews/reviews-%d-q%d.json", year, quarter % 4 + 1), "[\n  " + String.join(",\n  ", records) + "\n]\n");
        }
    }

    /** Each model has its own reputation: the Zephyr delights, the Cargo disappoints. */
    private int rating(Model model) {
        double mean = switch (model.segment()) {
            case "sports" -> 4.4;
            case "van" -> 2.9;
            case "compact" -> 3.6;
            default -> 3.9;
        };
        return (int) Math.max(1, Math.min(5, Math.round(mean + random.nextGaussian() * 0.9)));
    }

    private String reviewText(int rating) {
        List<String> parts = new ArrayList<>();
        int phrases = 1 + random.nextInt(3);
        for (int i = 0; i < phrases; i++) {
            boolean good = random.nextInt(5) < rating;
            parts.add(good ? pick(GOOD_WORDS) : pick(BAD_WORDS));
        }
        String text = String.join(", ", parts);
        return text.substring(0, 1).toUpperCase(ROOT) + text.substring(1) + ".";
    }

    private String reviewMetadata() {
        return switch (random.nextInt(4)) {
            case 0 -> String.format(ROOT, "{\"source\": \"app\", \"app_version\": \"3.%d.%d\", \"device\": {\"os\": \"%s\", \"model\": \"%s\"}}",
                    random.nextInt(4), random.nextInt(10), random.nextBoolean() ? "android" : "ios", random.nextBoolean() ? "Pixel 8" : "iPhone 15");
            case 1 -> String.format(ROOT, "{\"source\": \"web\", \"browser\": \"%s\", \"language\": \"%s\"}", random.nextBoolean() ? "firefox" : "chrome",
                    pick(new String[] {"en", "de", "fr", "nl"}));
            case 2 -> String.format(ROOT, "{\"source\": \"dealer\", \"verified_purchase\": true, \"helpful_votes\": %d}", random.nextInt(40));
            default -> String.format(ROOT, "{\"language\": \"%s\", \"helpful_votes\": %d}", pick(new String[] {"en", "sv", "no", "da"}), random.nextInt(10));
        };
    }

    // ---- Vehicle health: monthly telemetry of the connected fleet, one JSONL file per month.

    private void writeVehicleHealth(List<Sale> sales) throws IOException {
        // A fifth of the cars sold report telemetry; a few of them have a battery that ages fast. Battery checks and
        // replacements follow the battery (battery_failure_risk learns to predict them), the other services do not.
        Map<String, double[]> fleet = new LinkedHashMap<>(); // vin -> {health, odometer km, km per month, fade per month, miles?}
        Map<String, LocalDate> soldOn = new LinkedHashMap<>();
        Map<String, Integer> batteryAlertMonths = new LinkedHashMap<>(); // vin -> months a battery code keeps the car due for a check
        for (Sale sale : sales) {
            if (random.nextInt(5) == 0) {
                boolean fastFade = random.nextInt(15) == 0;
                fleet.put(sale.vin(), new double[] {100 - random.nextInt(30) / 10.0, 0, 800 + random.nextInt(2200),
                        fastFade ? 0.9 + random.nextInt(8) / 10.0 : 0.08 + random.nextInt(15) / 100.0, random.nextInt(10) == 0 ? 1 : 0});
                soldOn.put(sale.vin(), sale.date());
            }
        }
        for (int month = 0; month < MONTHS_OF_FLEET; month++) {
            YearMonth yearMonth = FIRST_FLEET_MONTH.plusMonths(month);
            StringBuilder jsonl = new StringBuilder();
            for (Map.Entry<String, double[]> car : fleet.entrySet()) {
                if (!soldOn.get(car.getKey()).isBefore(yearMonth.atDay(1))) {
                    continue;
                }
                double[] state = car.getValue();
                state[0] = Math.max(55, state[0] - state[3] - random.nextInt(10) / 100.0);
                state[1] += state[2] * (0.8 + random.nextInt(40) / 100.0);
                boolean fastFade = state[3] >= 0.9;
                List<String> errors = new ArrayList<>();
                if (random.nextInt(fastFade ? 3 : 25) == 0) {
                    errors.add(ERROR_CODES[random.nextInt(fastFade ? 3 : ERROR_CODES.length)]);
                }
                // A fast-fading pack reports battery codes beyond its share of the codes drawn above.
                if (fastFade && errors.isEmpty() && batteryRandom.nextInt(3) == 0) {
                    errors.add(BATTERY_CODES[batteryRandom.nextInt(BATTERY_CODES.length)]);
                }
                List<String> log = new ArrayList<>();
                if (random.nextInt(6) == 0) {
                    LocalDate date = yearMonth.atDay(1 + random.nextInt(28));
                    String type = pick(SERVICES);
                    String workshop = pick(DEALERS);
                    // A battery check happens when the battery calls for one (below), not as routine.
                    log.add(service(date, type.equals("battery_check") ? ROUTINE_SERVICES[batteryRandom.nextInt(ROUTINE_SERVICES.length)] : type, workshop));
                }
                int alertMonths = batteryAlertMonths.getOrDefault(car.getKey(), 0);
                if (batteryRandom.nextDouble() < batteryServiceChance(state, alertMonths > 0)) {
                    boolean replaced = (state[0] < 82 && batteryRandom.nextInt(2) == 0) || batteryRandom.nextInt(40) == 0;
                    log.add(service(yearMonth.atDay(1 + batteryRandom.nextInt(28)), replaced ? "battery_replacement" : "battery_check",
                            DEALERS[batteryRandom.nextInt(DEALERS.length)]));
                    log.sort(null);
                    alertMonths = 0;
                    if (replaced) {
                        // A new pack. The car keeps its fade rate: it decides how many numbers the car draws from random.
                        state[0] = 100 - batteryRandom.nextInt(10) / 10.0;
                    }
                }
                batteryAlertMonths.put(car.getKey(), errors.stream().anyMatch(List.of(BATTERY_CODES)::contains) ? 3 : Math.max(0, alertMonths - 1));
                String odometer = state[4] == 1 ? String.format(ROOT, "\"odometer_mi\": %.1f", state[1] / 1.609344)
                        : String.format(ROOT, "\"odometer_km\": %.1f", state[1]);
                String flags = String.format(ROOT, "{\"brake_service_due\": %s, \"software_update_pending\": %s%s}", random.nextInt(12) == 0,
                        random.nextInt(5) == 0, random.nextInt(10) == 0 ? ", \"tyre_pressure_warning\": true" : "");
                jsonl.append(String.format(ROOT, "{\"vin\": \"%s\", \"recorded_at\": \"%sT%02d:%02d:00Z\", \"battery_health_pct\": %.2f, %s, "
                                + "\"error_codes\": [%s], \"maintenance_log\": [%s], \"service_flags\": %s}\n",
                        car.getKey(), yearMonth.atEndOfMonth(), random.nextInt(24), random.nextInt(60), state[0], odometer, quoted(errors),
                        String.join(", ", log), flags));
            }
            if (month % 3 == 2) {
                jsonl.append("{\"vin\": \"ERXX000000000\", \"recorded_at\": \"" + yearMonth.atEndOfMonth() + "T00:00:00Z\", \"battery_health_pct\": \n");
            }
            write(String.format(ROOT, "telemetry/vehicle-health-%s.jsonl", yearMonth), jsonl.toString());
        }
    }

    /**
     * The chance of a battery check or replacement this month: a small one for any car, more as the state of health
     * falls below 95%, for a pack that fades fast, and while a battery code reported in the last three months is open.
     */
    private static double batteryServiceChance(double[] state, boolean batteryCodeOpen) {
        double chance = 0.006 + 0.015 * Math.max(0, 95 - state[0]) + 0.08 * Math.max(0, state[3] - 0.3) + (batteryCodeOpen ? 0.3 : 0);
        return Math.min(0.7, chance);
    }

    private static String service(LocalDate date, String type, String workshop) {
        return String.format(ROOT, "{\"date\": \"%s\", \"type\": \"%s\", \"workshop\": \"%s\"}", date, type, workshop);
    }

    // ---- Helpers.

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static String quoted(List<String> values) {
        return String.join(", ", values.stream().map(value -> "\"" + value + "\"").toList());
    }

    private static String quoted(String value) {
        return value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    private void write(String relative, String content) throws IOException {
        Path file = out.resolve(relative);
        Files.createDirectories(file.getParent());
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writer.write(content);
        }
    }
}
