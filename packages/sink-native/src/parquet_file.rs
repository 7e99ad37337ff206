//! Held chunks → one Parquet file with the parquet crate, the same Rust writer that parquet-wasm
//! compiles to WebAssembly, natively: the writer properties are those of parquet-writer.worker.ts.

use arrow_ipc::reader::StreamReader;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, GzipLevel, ZstdLevel};
use parquet::file::properties::WriterProperties;
use parquet::schema::types::ColumnPath;
use std::io::Cursor;

fn compression(name: &str) -> Result<Compression, String> {
  Ok(match name {
    // parquet-wasm's defaults for these codecs.
    "zstd" => Compression::ZSTD(ZstdLevel::default()),
    "snappy" => Compression::SNAPPY,
    "gzip" => Compression::GZIP(GzipLevel::default()),
    "none" => Compression::UNCOMPRESSED,
    other => return Err(format!("compression {other}")),
  })
}

pub fn write<C: AsRef<[u8]>>(
  chunks: Vec<C>,
  held_compressed: bool,
  codec: &str,
  row_group_rows: usize,
) -> Result<Vec<u8>, String> {
  let properties = WriterProperties::builder()
    .set_compression(compression(codec)?)
    .set_created_by("tributary bronze-sink".to_string())
    .set_max_row_group_row_count(Some(row_group_rows))
    .set_column_dictionary_enabled(ColumnPath::from("_raw"), false)
    .build();
  let mut writer: Option<ArrowWriter<Vec<u8>>> = None;
  for chunk in chunks {
    let ipc = if held_compressed {
      zstd::stream::decode_all(chunk.as_ref()).map_err(|e| e.to_string())?
    } else {
      chunk.as_ref().to_vec()
    };
    let reader = StreamReader::try_new(Cursor::new(ipc), None).map_err(|e| e.to_string())?;
    let schema = reader.schema();
    for batch in reader {
      let batch = batch.map_err(|e| e.to_string())?;
      if writer.is_none() {
        writer = Some(
          ArrowWriter::try_new(Vec::new(), schema.clone(), Some(properties.clone()))
            .map_err(|e| e.to_string())?,
        );
      }
      writer
        .as_mut()
        .expect("made above")
        .write(&batch)
        .map_err(|e| e.to_string())?;
    }
  }
  writer
    .ok_or("no rows to write")?
    .into_inner()
    .map_err(|e| e.to_string())
}
