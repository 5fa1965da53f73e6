package dev.northstar.ingest.connect.salesforce;

import dev.northstar.ingest.connect.Change;
import dev.northstar.ingest.connect.ConnectorService.Incoming;
import dev.northstar.ingest.connect.Payloads;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Salesforce outbound messages: the SOAP {@code notifications} a Flow or workflow rule sends without code — the
 * organisation's id, and one {@code Notification} (its own id, an {@code sObject} with the fields the message was set
 * up to send) per record. Each becomes a change of the record with those fields (a record Northstar has not seen is
 * new to it). Parsed without DTDs or external entities: the body comes from the internet.
 */
public final class OutboundMessages {

    /** The namespace of the notifications. */
    public static final String NS = "http://soap.sforce.com/2005/09/outbound";
    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";

    /** The acknowledgement Salesforce waits for; until it gets it, it sends the message again. */
    public static final String ACK = """
            <?xml version="1.0" encoding="UTF-8"?>
            <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">
             <soapenv:Body>
              <notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound">
               <Ack>true</Ack>
              </notificationsResponse>
             </soapenv:Body>
            </soapenv:Envelope>
            """;

    private OutboundMessages() {
    }

    /** The organisation the message comes from and its records' changes. */
    public record Read(String organizationId, List<Incoming> changes) {
    }

    public static Read read(byte[] body, int maxChanges) {
        Document doc = parse(body);
        Element notifications = first(doc.getDocumentElement(), NS, "notifications");
        if (notifications == null) {
            throw new Payloads.Malformed("/Envelope/Body/notifications", "not a Salesforce outbound message");
        }
        Element org = child(notifications, "OrganizationId");
        if (org == null || org.getTextContent().isBlank()) {
            throw new Payloads.Malformed("/Envelope/Body/notifications/OrganizationId", "is required");
        }
        List<Incoming> changes = new ArrayList<>();
        int index = 0;
        for (Node n = notifications.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element notification) || !"Notification".equals(notification.getLocalName())) {
                continue;
            }
            String at = "/Envelope/Body/notifications/Notification/" + index++;
            Element id = child(notification, "Id");
            Element sObject = child(notification, "sObject");
            if (id == null || sObject == null) {
                throw new Payloads.Malformed(at, "a Notification needs its Id and sObject");
            }
            String type = sObject.getAttributeNS(XSI, "type");
            String object = type.contains(":") ? type.substring(type.indexOf(':') + 1) : type;
            if (object.isEmpty()) {
                throw new Payloads.Malformed(at + "/sObject", "needs its xsi:type (sf:Opportunity)");
            }
            Map<String, String> fields = new LinkedHashMap<>();
            Set<String> cleared = new HashSet<>();
            for (Node f = sObject.getFirstChild(); f != null; f = f.getNextSibling()) {
                if (f instanceof Element field) {
                    if ("true".equals(field.getAttributeNS(XSI, "nil"))) {
                        cleared.add(field.getLocalName());
                    } else if (child(field, null) == null) { // a related record's fields are not this record's
                        fields.put(field.getLocalName(), field.getTextContent().trim());
                    }
                }
            }
            String recordId = fields.get("Id");
            if (recordId == null || recordId.isEmpty()) {
                throw new Payloads.Malformed(at + "/sObject/Id", "is required");
            }
            changes.add(new Incoming(new Change(object, recordId, Change.Kind.UPDATED, id.getTextContent().trim(),
                    time(fields.get("LastModifiedDate")), fields, cleared, true), xml(notification)));
        }
        if (changes.isEmpty()) {
            throw new Payloads.Malformed("/Envelope/Body/notifications", "carries no Notification");
        }
        if (changes.size() > maxChanges) {
            throw new Payloads.Malformed("/Envelope/Body/notifications", "more than " + maxChanges + " notifications");
        }
        return new Read(org.getTextContent().trim(), changes);
    }

    private static Instant time(String lastModified) {
        if (lastModified != null) {
            try {
                return OffsetDateTime.parse(lastModified).toInstant();
            } catch (DateTimeParseException e) {
                // not a time: the message's arrival is the best one
            }
        }
        return Instant.now();
    }

    private static Document parse(byte[] body) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder builder = f.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new ByteArrayInputStream(body));
        } catch (SAXException | IOException e) {
            throw new Payloads.Malformed("", "not well-formed XML (DTDs are refused): " + e.getMessage());
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first element named {@code name} in {@code ns} at or below {@code root}. */
    private static Element first(Element root, String ns, String name) {
        var list = root.getElementsByTagNameNS(ns, name);
        return list.getLength() == 0 ? null : (Element) list.item(0);
    }

    /** The first child element of {@code parent} with that local name (any, when null). */
    private static Element child(Element parent, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && (localName == null || localName.equals(e.getLocalName()))) {
                return e;
            }
        }
        return null;
    }

    private static byte[] xml(Element element) {
        try {
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter out = new StringWriter();
            t.transform(new DOMSource(element), new StreamResult(out));
            return out.toString().getBytes(StandardCharsets.UTF_8);
        } catch (TransformerException e) {
            return new byte[0];
        }
    }
}
