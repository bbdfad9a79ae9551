/// A field of an order line that ingest understands.
///
/// Without a mapping, a column is read as a field when its header equals the field's
/// ``canonicalName`` (case-insensitively). `customer`, `date` and `product` are required.
public enum OrderField: String, CaseIterable, Sendable, Codable, Comparable {
    /// Who bought (`customer_id`). Lines with an empty customer are skipped and counted.
    case customer
    /// When (`order_date`): ISO date or date-time, or the `--date-format` pattern.
    case date
    /// What (`product_id`).
    case product
    /// How many (`quantity`); 1 when the column is absent; negative for returns.
    case quantity
    /// Line revenue (`revenue`); when absent, quantity × unit price.
    case revenue
    /// Unit price (`unit_price`), used for revenue when there is no revenue column.
    case price
    /// Customer segment such as industry or country (`segment`).
    case segment
    /// Order or invoice id (`order_id`): groups lines into orders.
    case order
    /// Product category (`category`).
    case category
    /// Product display name (`product_name`).
    case name

    /// The header name read without a mapping.
    public var canonicalName: String {
        switch self {
        case .customer: return "customer_id"
        case .date: return "order_date"
        case .product: return "product_id"
        case .quantity: return "quantity"
        case .revenue: return "revenue"
        case .price: return "unit_price"
        case .segment: return "segment"
        case .order: return "order_id"
        case .category: return "category"
        case .name: return "product_name"
        }
    }

    /// Whether every order file must have this field.
    public var isRequired: Bool { self == .customer || self == .date || self == .product }

    /// Declaration order.
    public static func < (a: OrderField, b: OrderField) -> Bool {
        allCases.firstIndex(of: a) ?? 0 < allCases.firstIndex(of: b) ?? 0
    }
}
