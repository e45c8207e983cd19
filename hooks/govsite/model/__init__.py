"""The county as plain data: catalog (标准目录), organisations (机构), columns (栏目), documents (文件),
and ``site.load`` that reads them all."""
